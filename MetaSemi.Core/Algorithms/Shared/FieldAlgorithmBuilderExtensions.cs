using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>
/// The builder's <c>Use…</c> methods for the field's algorithms of docs/design.md §7, for example
/// <c>.UseFixMatch(o =&gt; o.Threshold = 0.9)</c>: each chooses the algorithm and configures its options
/// (USB's classic_cv defaults), validated and copied at <see cref="SemiSupervisedTrainerBuilder.Build"/>.
/// </summary>
public static class FieldAlgorithmBuilderExtensions
{
    /// <summary>The Π-model (<see cref="PiModel"/>).</summary>
    public static SemiSupervisedTrainerBuilder UsePiModel(this SemiSupervisedTrainerBuilder builder, Action<PiModelOptions>? configure = null) =>
        Use(builder, PiModel.AlgorithmName, configure);

    /// <summary>Pseudo-Label (<see cref="PseudoLabel"/>), optionally meta-corrected (<see cref="PseudoLabelOptions.MetaCorrection"/>).</summary>
    public static SemiSupervisedTrainerBuilder UsePseudoLabel(this SemiSupervisedTrainerBuilder builder, Action<PseudoLabelOptions>? configure = null) =>
        Use(builder, PseudoLabel.AlgorithmName, configure);

    /// <summary>Mean Teacher (<see cref="MeanTeacher"/>).</summary>
    public static SemiSupervisedTrainerBuilder UseMeanTeacher(this SemiSupervisedTrainerBuilder builder, Action<MeanTeacherOptions>? configure = null) =>
        Use(builder, MeanTeacher.AlgorithmName, configure);

    /// <summary>FixMatch (<see cref="FixMatch"/>), optionally meta-corrected (<see cref="FixMatchOptions.MetaCorrection"/>).</summary>
    public static SemiSupervisedTrainerBuilder UseFixMatch(this SemiSupervisedTrainerBuilder builder, Action<FixMatchOptions>? configure = null) =>
        Use(builder, FixMatch.AlgorithmName, configure);

    /// <summary>FlexMatch (<see cref="FlexMatch"/>).</summary>
    public static SemiSupervisedTrainerBuilder UseFlexMatch(this SemiSupervisedTrainerBuilder builder, Action<FlexMatchOptions>? configure = null) =>
        Use(builder, FlexMatch.AlgorithmName, configure);

    /// <summary>FreeMatch (<see cref="FreeMatch"/>).</summary>
    public static SemiSupervisedTrainerBuilder UseFreeMatch(this SemiSupervisedTrainerBuilder builder, Action<FreeMatchOptions>? configure = null) =>
        Use(builder, FreeMatch.AlgorithmName, configure);

    /// <summary>SoftMatch (<see cref="SoftMatch"/>).</summary>
    public static SemiSupervisedTrainerBuilder UseSoftMatch(this SemiSupervisedTrainerBuilder builder, Action<SoftMatchOptions>? configure = null) =>
        Use(builder, SoftMatch.AlgorithmName, configure);

    private static SemiSupervisedTrainerBuilder Use<TOptions>(SemiSupervisedTrainerBuilder builder, string name, Action<TOptions>? configure)
        where TOptions : class, IAlgorithmOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(name, configure);
    }
}
