using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The builder's <c>UseSupervised</c> method, beside <see cref="SupervisedAlgorithm"/>.</summary>
public static class SupervisedBuilderExtensions
{
    /// <summary>
    /// The supervised baseline, for example <c>.UseSupervised(o =&gt; o.Mixup = new() { Enabled = true, Alpha = 1.0 })</c>. Chooses the algorithm and configures its options (validated and copied at
    /// <see cref="SemiSupervisedTrainerBuilder.Build"/>); calling it again configures the same options further.
    /// </summary>
    public static SemiSupervisedTrainerBuilder UseSupervised(this SemiSupervisedTrainerBuilder builder, Action<SupervisedOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(SupervisedAlgorithm.AlgorithmName, configure);
    }
}
