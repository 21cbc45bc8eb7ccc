namespace MetaSemi.Algorithms;

/// <summary>
/// Options of <see cref="FreeMatch"/>; defaults from USB's config/classic_cv/freematch/ (ema_p 0.999,
/// ent_loss_ratio 0.001, ulb_loss_ratio 1 (USB's default; the config does not set it), uratio 7, ema_m 0.999,
/// hard labels, no quantile, no clipping).
/// </summary>
public sealed class FreeMatchOptions : SemiSupervisedAlgorithmOptions
{
    /// <summary>Creates the options with USB's defaults.</summary>
    public FreeMatchOptions()
    {
        UnlabeledRatio = 7;
    }

    /// <summary>The decay of the EMAs of the mean confidence, the mean probability vector and the label histogram (USB <c>ema_p</c>).</summary>
    public double ProbabilityEmaDecay { get; set; } = 0.999;

    /// <summary>λ_f, the weight of the class-fairness term (USB <c>ent_loss_ratio</c>).</summary>
    public double FairnessLossWeight { get; set; } = 0.001;

    /// <inheritdoc />
    protected override string SectionName => "FreeMatch";

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        RequireDecay(errors, nameof(ProbabilityEmaDecay), ProbabilityEmaDecay);
        if (!double.IsFinite(FairnessLossWeight) || FairnessLossWeight < 0)
        {
            errors.Add($"{SectionName}.FairnessLossWeight must be a finite number, 0 or more; got {FairnessLossWeight}.");
        }
    }
}
