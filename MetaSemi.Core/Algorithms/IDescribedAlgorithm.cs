namespace MetaSemi.Algorithms;

/// <summary>
/// An algorithm that records more of what it runs in the run folder's <c>options.json</c> than its name and options
/// (MetaSemi: its meta step, consistency loss and weight schedule, which may be objects the options do not
/// describe). The trainer writes <see cref="Describe"/>'s fields; an algorithm without this interface is described
/// by its name alone.
/// </summary>
public interface IDescribedAlgorithm
{
    /// <summary>What this algorithm runs, for <c>options.json</c>.</summary>
    AlgorithmDescription Describe();
}
