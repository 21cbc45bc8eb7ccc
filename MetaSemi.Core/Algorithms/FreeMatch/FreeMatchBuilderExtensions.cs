using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The builder's <c>UseFreeMatch</c> method, beside <see cref="FreeMatch"/>.</summary>
public static class FreeMatchBuilderExtensions
{
    /// <summary>
    /// FreeMatch (<see cref="FreeMatch"/>). Chooses the algorithm and configures its options (validated and copied at
    /// <see cref="SemiSupervisedTrainerBuilder.Build"/>); calling it again configures the same options further.
    /// </summary>
    public static SemiSupervisedTrainerBuilder UseFreeMatch(this SemiSupervisedTrainerBuilder builder, Action<FreeMatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(FreeMatch.AlgorithmName, configure);
    }
}
