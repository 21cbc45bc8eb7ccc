using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>
/// The builder's <c>Use…</c> methods, one per registered algorithm: each chooses the algorithm and configures
/// its options (validated and copied at <see cref="SemiSupervisedTrainerBuilder.Build"/>). Calling the same
/// method again configures the same options object further.
/// </summary>
public static class AlgorithmBuilderExtensions
{
    /// <summary>MetaSemi (the default algorithm), for example <c>.UseMetaSemi(o =&gt; o.MetaGradient.Method = MetaGradientMethod.Exact)</c>.</summary>
    public static SemiSupervisedTrainerBuilder UseMetaSemi(this SemiSupervisedTrainerBuilder builder, Action<MetaSemiAlgorithmOptions>? configure = null) =>
        Use(builder, MetaSemiAlgorithm.AlgorithmName, configure);

    /// <summary>The supervised baseline, for example <c>.UseSupervised(o =&gt; o.Mixup = new() { Enabled = true, Alpha = 1.0 })</c>.</summary>
    public static SemiSupervisedTrainerBuilder UseSupervised(this SemiSupervisedTrainerBuilder builder, Action<SupervisedOptions>? configure = null) =>
        Use(builder, SupervisedAlgorithm.AlgorithmName, configure);

    /// <summary>The reference's baseline (<c>train_baseline.py</c>), for example <c>.UseReferenceBaseline(o =&gt; o.Mixup.Enabled = true)</c>.</summary>
    public static SemiSupervisedTrainerBuilder UseReferenceBaseline(this SemiSupervisedTrainerBuilder builder, Action<ReferenceBaselineOptions>? configure = null) =>
        Use(builder, ReferenceBaselineAlgorithm.AlgorithmName, configure);

    private static SemiSupervisedTrainerBuilder Use<TOptions>(SemiSupervisedTrainerBuilder builder, string name, Action<TOptions>? configure)
        where TOptions : class, IAlgorithmOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(name, configure);
    }
}
