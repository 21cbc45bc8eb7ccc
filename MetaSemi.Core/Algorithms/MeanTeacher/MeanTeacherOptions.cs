namespace MetaSemi.Algorithms;

/// <summary>
/// Options of <see cref="MeanTeacher"/>; defaults from USB's config/classic_cv/meanteacher/ (ulb_loss_ratio 50,
/// unsup_warm_up 0.4, uratio 1, ema_m 0.999). The EMA is the teacher, so the trainer keeps it even when
/// <see cref="SemiSupervisedAlgorithmOptions.EvaluateWithEma"/> is false.
/// </summary>
public sealed class MeanTeacherOptions : SemiSupervisedAlgorithmOptions
{
    /// <summary>Creates the options with USB's defaults.</summary>
    public MeanTeacherOptions()
    {
        UnlabeledLossWeight = 50;
    }

    /// <summary>The fraction of the run over which λ_u ramps linearly from 0 (USB <c>unsup_warm_up</c>); 0 for no ramp.</summary>
    public double WarmupFraction { get; set; } = 0.4;

    /// <inheritdoc />
    protected override string SectionName => "MeanTeacher";

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors) => WarmupOptions.AddErrors(errors, SectionName, WarmupFraction);
}
