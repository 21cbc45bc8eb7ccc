namespace MetaSemi.Algorithms;

/// <summary>The parts of <c>options.json</c> an <see cref="IDescribedAlgorithm"/> writes beyond its name and options.</summary>
/// <param name="Method">The method's name as <c>compare</c> groups runs (MetaSemi: the meta step's name, for example <c>FiniteDifference</c>).</param>
public sealed record AlgorithmDescription(string Method)
{
    /// <summary>The meta step's type (full name), or null for an algorithm without one.</summary>
    public string? MetaOptimizer { get; init; }

    /// <summary>The consistency loss's name, or null.</summary>
    public string? ConsistencyLoss { get; init; }

    /// <summary>The consistency-weight schedule, as text, or null.</summary>
    public string? ConsistencyWeightSchedule { get; init; }
}
