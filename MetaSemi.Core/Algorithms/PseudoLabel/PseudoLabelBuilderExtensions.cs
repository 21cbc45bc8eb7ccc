using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The builder's <c>UsePseudoLabel</c> method, beside <see cref="PseudoLabel"/>.</summary>
public static class PseudoLabelBuilderExtensions
{
    /// <summary>
    /// Pseudo-Label (<see cref="PseudoLabel"/>), optionally meta-corrected (<see cref="PseudoLabelOptions.MetaCorrection"/>). Chooses the algorithm and configures its options (validated and copied at
    /// <see cref="SemiSupervisedTrainerBuilder.Build"/>); calling it again configures the same options further.
    /// </summary>
    public static SemiSupervisedTrainerBuilder UsePseudoLabel(this SemiSupervisedTrainerBuilder builder, Action<PseudoLabelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(PseudoLabel.AlgorithmName, configure);
    }
}
