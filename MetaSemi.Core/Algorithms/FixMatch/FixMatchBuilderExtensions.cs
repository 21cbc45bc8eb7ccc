using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The builder's <c>UseFixMatch</c> method, beside <see cref="FixMatch"/>.</summary>
public static class FixMatchBuilderExtensions
{
    /// <summary>
    /// FixMatch (<see cref="FixMatch"/>), optionally meta-corrected (<see cref="FixMatchOptions.MetaCorrection"/>). Chooses the algorithm and configures its options (validated and copied at
    /// <see cref="SemiSupervisedTrainerBuilder.Build"/>); calling it again configures the same options further.
    /// </summary>
    public static SemiSupervisedTrainerBuilder UseFixMatch(this SemiSupervisedTrainerBuilder builder, Action<FixMatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(FixMatch.AlgorithmName, configure);
    }
}
