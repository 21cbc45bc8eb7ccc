namespace MetaSemi.Tests.Models;

/// <summary>
/// Every Models test draws from torch's global generator (initialisation, dropout, shake gates);
/// they run outside xunit's parallel phase so that no test interleaves draws with another's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalSeedCollection
{
    /// <summary>Collection name.</summary>
    public const string Name = "Models: torch global seed";
}
