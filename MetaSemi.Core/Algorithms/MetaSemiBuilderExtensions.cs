using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The builder's <c>UseMetaSemi</c> method, beside <see cref="MetaSemiAlgorithm"/>.</summary>
public static class MetaSemiBuilderExtensions
{
    /// <summary>
    /// MetaSemi (the default algorithm), for example <c>.UseMetaSemi(o =&gt; o.MetaGradient.Method = MetaGradientMethod.Exact)</c>. Chooses the algorithm and configures its options (validated and copied at
    /// <see cref="SemiSupervisedTrainerBuilder.Build"/>); calling it again configures the same options further.
    /// </summary>
    public static SemiSupervisedTrainerBuilder UseMetaSemi(this SemiSupervisedTrainerBuilder builder, Action<MetaSemiAlgorithmOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(MetaSemiAlgorithm.AlgorithmName, configure);
    }
}
