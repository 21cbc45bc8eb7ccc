namespace MetaSemi.Algorithms;

/// <summary>
/// Options of <see cref="PiModel"/>; defaults from USB's config/classic_cv/pimodel/ (ulb_loss_ratio 10,
/// unsup_warm_up 0.4, uratio 1, ema_m 0.999).
/// </summary>
public sealed class PiModelOptions : SemiSupervisedAlgorithmOptions
{
    /// <summary>Creates the options with USB's defaults.</summary>
    public PiModelOptions()
    {
        UnlabeledLossWeight = 10;
    }

    /// <summary>The fraction of the run over which λ_u ramps linearly from 0 (USB <c>unsup_warm_up</c>); 0 for no ramp.</summary>
    public double WarmupFraction { get; set; } = 0.4;

    /// <inheritdoc />
    protected override string SectionName => "PiModel";

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors) => WarmupOptions.AddErrors(errors, SectionName, WarmupFraction);
}
