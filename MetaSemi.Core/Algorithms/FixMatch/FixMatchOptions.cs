namespace MetaSemi.Algorithms;

/// <summary>
/// Options of <see cref="FixMatch"/>; defaults from USB's config/classic_cv/fixmatch/ (p_cutoff 0.95,
/// ulb_loss_ratio 1, uratio 7, ema_m 0.999, hard labels).
/// </summary>
public sealed class FixMatchOptions : SemiSupervisedAlgorithmOptions
{
    /// <summary>Creates the options with USB's defaults.</summary>
    public FixMatchOptions()
    {
        UnlabeledRatio = 7;
    }

    /// <summary>τ, the confidence a weak-view prediction needs to become a pseudo-label (USB <c>p_cutoff</c>).</summary>
    public double Threshold { get; set; } = 0.95;

    /// <summary>
    /// The meta-correction of the targets (issue 13): <see cref="MetaGradientMethod.None"/> (plain FixMatch, the
    /// default), or q moved by −lr_t·G before the threshold, G by finite difference or exactly.
    /// </summary>
    public MetaGradientMethod MetaCorrection { get; set; } = MetaGradientMethod.None;

    /// <summary>
    /// ε0 of the finite-difference meta-gradient (docs/design.md §2.1.3); used only with
    /// <see cref="MetaGradientMethod.FiniteDifference"/>.
    /// </summary>
    public double MetaEpsilon { get; set; } = 1e-2;

    /// <inheritdoc />
    protected override string SectionName => "FixMatch";

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        RequireProbability(errors, nameof(Threshold), Threshold);
        MetaCorrectionOptions.AddErrors(errors, SectionName, MetaCorrection, MetaEpsilon);
    }
}
