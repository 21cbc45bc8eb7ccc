namespace MetaSemi.Algorithms;

/// <summary>Options of <see cref="SupervisedAlgorithm"/>: labelled data only, optionally mixup between labelled images.</summary>
public sealed class SupervisedOptions : IAlgorithmOptions
{
    /// <summary>Mixup of the labelled batch with a permutation of itself. Off by default.</summary>
    public MixupOptions Mixup { get; set; } = new() { Enabled = false };

    /// <inheritdoc />
    public IEnumerable<string> Validate() => AlgorithmOptionChecks.Mixup(Mixup);
}
