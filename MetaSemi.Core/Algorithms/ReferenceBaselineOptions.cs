namespace MetaSemi.Algorithms;

/// <summary>Options of <see cref="ReferenceBaselineAlgorithm"/> (the reference's <c>train_baseline.py</c>).</summary>
public sealed class ReferenceBaselineOptions : IAlgorithmOptions
{
    /// <summary>
    /// Mixup of each labelled image with an unlabelled one, the label with the model's eval-mode prediction
    /// (the reference's <c>--mix-up</c>). Off by default: then the baseline is <see cref="SupervisedAlgorithm"/>.
    /// </summary>
    public MixupOptions Mixup { get; set; } = new() { Enabled = false };

    /// <inheritdoc />
    public IEnumerable<string> Validate() => AlgorithmOptionChecks.Mixup(Mixup);
}
