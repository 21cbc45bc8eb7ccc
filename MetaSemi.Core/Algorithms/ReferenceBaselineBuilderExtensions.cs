using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The builder's <c>UseReferenceBaseline</c> method, beside <see cref="ReferenceBaselineAlgorithm"/>.</summary>
public static class ReferenceBaselineBuilderExtensions
{
    /// <summary>
    /// The reference's baseline (<c>train_baseline.py</c>), for example <c>.UseReferenceBaseline(o =&gt; o.Mixup.Enabled = true)</c>. Chooses the algorithm and configures its options (validated and copied at
    /// <see cref="SemiSupervisedTrainerBuilder.Build"/>); calling it again configures the same options further.
    /// </summary>
    public static SemiSupervisedTrainerBuilder UseReferenceBaseline(this SemiSupervisedTrainerBuilder builder, Action<ReferenceBaselineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(ReferenceBaselineAlgorithm.AlgorithmName, configure);
    }
}
