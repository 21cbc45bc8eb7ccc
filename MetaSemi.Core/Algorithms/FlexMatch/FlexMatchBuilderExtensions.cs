using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The builder's <c>UseFlexMatch</c> method, beside <see cref="FlexMatch"/>.</summary>
public static class FlexMatchBuilderExtensions
{
    /// <summary>
    /// FlexMatch (<see cref="FlexMatch"/>). Chooses the algorithm and configures its options (validated and copied at
    /// <see cref="SemiSupervisedTrainerBuilder.Build"/>); calling it again configures the same options further.
    /// </summary>
    public static SemiSupervisedTrainerBuilder UseFlexMatch(this SemiSupervisedTrainerBuilder builder, Action<FlexMatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(FlexMatch.AlgorithmName, configure);
    }
}
