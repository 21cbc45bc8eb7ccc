using MetaSemi.Algorithms;

namespace MetaSemi.Samples.CustomAlgorithm;

/// <summary>
/// Entropy minimisation's settings: the base class brings λ_u (<c>UnlabeledLossWeight</c>), μ (<c>UnlabeledRatio</c>)
/// and the EMA, with the library's validation and message format; this class adds its warm-up.
/// </summary>
public sealed class EntropyMinimizationOptions : SemiSupervisedAlgorithmOptions
{
    /// <summary>
    /// Creates the options with this sample's defaults: λ_u 0.1 (the entropy is up to ln C, larger than a cross-entropy
    /// near the optimum), and evaluation of the trained weights rather than their EMA (an EMA of decay 0.999 still
    /// holds about three quarters of the initial weights after 300 steps).
    /// </summary>
    public EntropyMinimizationOptions()
    {
        UnlabeledLossWeight = 0.1;
        EvaluateWithEma = false;
    }

    /// <summary>The share of the run over which λ_u ramps up linearly from 0, in [0, 1] (default 0.2).</summary>
    public double WarmupFraction { get; set; } = 0.2;

    /// <inheritdoc />
    protected override string SectionName => "EntropyMinimization";

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors) => Require(errors, nameof(WarmupFraction), WarmupFraction, ValueRange.Fraction);
}
