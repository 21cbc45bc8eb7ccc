using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The builder's <c>UseSoftMatch</c> method, beside <see cref="SoftMatch"/>.</summary>
public static class SoftMatchBuilderExtensions
{
    /// <summary>
    /// SoftMatch (<see cref="SoftMatch"/>). Chooses the algorithm and configures its options (validated and copied at
    /// <see cref="SemiSupervisedTrainerBuilder.Build"/>); calling it again configures the same options further.
    /// </summary>
    public static SemiSupervisedTrainerBuilder UseSoftMatch(this SemiSupervisedTrainerBuilder builder, Action<SoftMatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(SoftMatch.AlgorithmName, configure);
    }
}
