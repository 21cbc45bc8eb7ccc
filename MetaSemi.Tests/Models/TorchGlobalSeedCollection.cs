namespace MetaSemi.Tests.Models;

/// <summary>
/// Tests that seed torch's global generator and then draw from it (initialisation, dropout, shake
/// gates) run outside xunit's parallel phase, so no other test interleaves draws.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalSeedCollection
{
    /// <summary>Collection name.</summary>
    public const string Name = "Models: torch global seed";
}
