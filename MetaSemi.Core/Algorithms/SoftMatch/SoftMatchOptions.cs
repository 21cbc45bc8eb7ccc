namespace MetaSemi.Algorithms;

/// <summary>
/// Options of <see cref="SoftMatch"/>; defaults from USB's config/classic_cv/softmatch/ (ema_p 0.999, n_sigma 2,
/// dist_align with a uniform target, one Gaussian for all classes, ulb_loss_ratio 1, uratio 7, ema_m 0.999,
/// hard labels).
/// </summary>
public sealed class SoftMatchOptions : SemiSupervisedAlgorithmOptions
{
    /// <summary>Creates the options with USB's defaults.</summary>
    public SoftMatchOptions()
    {
        UnlabeledRatio = 7;
    }

    /// <summary>The decay of the EMAs of the confidence's mean and variance and of the model's class distribution (USB <c>ema_p</c>).</summary>
    public double ProbabilityEmaDecay { get; set; } = 0.999;

    /// <summary>n_σ: the Gaussian's width is σ/n_σ (USB <c>n_sigma</c>).</summary>
    public double StandardDeviations { get; set; } = 2;

    /// <summary>Uniform distribution alignment of the weak-view probabilities before the weighting (USB <c>dist_align</c>, <c>dist_uniform</c>).</summary>
    public bool DistributionAlignment { get; set; } = true;

    /// <inheritdoc />
    protected override string SectionName => "SoftMatch";

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        RequireDecay(errors, nameof(ProbabilityEmaDecay), ProbabilityEmaDecay);
        if (!double.IsFinite(StandardDeviations) || StandardDeviations <= 0)
        {
            errors.Add($"{SectionName}.StandardDeviations must be a positive finite number; got {StandardDeviations}.");
        }
    }
}
