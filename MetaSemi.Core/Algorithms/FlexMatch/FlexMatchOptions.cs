namespace MetaSemi.Algorithms;

/// <summary>
/// Options of <see cref="FlexMatch"/>; defaults from USB's config/classic_cv/flexmatch/ (p_cutoff 0.95,
/// thresh_warmup true, ulb_loss_ratio 1, uratio 7, ema_m 0.999, hard labels).
/// </summary>
public sealed class FlexMatchOptions : SemiSupervisedAlgorithmOptions
{
    /// <summary>Creates the options with USB's defaults.</summary>
    public FlexMatchOptions()
    {
        UnlabeledRatio = 7;
    }

    /// <summary>τ, the upper threshold that each class's flexible threshold scales (USB <c>p_cutoff</c>).</summary>
    public double Threshold { get; set; } = 0.95;

    /// <summary>
    /// Threshold warm-up (USB <c>thresh_warmup</c>): β_c is divided by the largest count including the examples
    /// not yet predicted above τ, so thresholds start low and rise as predictions become confident.
    /// </summary>
    public bool ThresholdWarmup { get; set; } = true;

    /// <inheritdoc />
    protected override string SectionName => "FlexMatch";

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors) => RequireProbability(errors, nameof(Threshold), Threshold);
}
