namespace MetaSemi.Algorithms;

/// <summary>
/// Options of <see cref="PseudoLabel"/>; defaults from USB's config/classic_cv/pseudolabel/ (p_cutoff 0.95,
/// ulb_loss_ratio 1, unsup_warm_up 0.4, uratio 1, ema_m 0.999).
/// </summary>
public sealed class PseudoLabelOptions : SemiSupervisedAlgorithmOptions
{
    /// <summary>τ, the confidence a prediction needs to become a pseudo-label (USB <c>p_cutoff</c>).</summary>
    public double Threshold { get; set; } = 0.95;

    /// <summary>The fraction of the run over which λ_u ramps linearly from 0 (USB <c>unsup_warm_up</c>); 0 for no ramp.</summary>
    public double WarmupFraction { get; set; } = 0.4;

    /// <summary>
    /// The meta-correction of the targets (issue 13): <see cref="MetaGradientMethod.None"/> (plain Pseudo-Label, the
    /// default), or q moved by −lr_t·G before the threshold, G by finite difference or exactly.
    /// </summary>
    public MetaGradientMethod MetaCorrection { get; set; } = MetaGradientMethod.None;

    /// <summary>
    /// ε0 of the finite-difference meta-gradient (docs/design.md §2.1.3); used only with
    /// <see cref="MetaGradientMethod.FiniteDifference"/>.
    /// </summary>
    public double MetaEpsilon { get; set; } = 1e-2;

    /// <inheritdoc />
    protected override string SectionName => "PseudoLabel";

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        RequireProbability(errors, nameof(Threshold), Threshold);
        WarmupOptions.AddErrors(errors, SectionName, WarmupFraction);
        MetaCorrectionOptions.AddErrors(errors, SectionName, MetaCorrection, MetaEpsilon);
    }
}
