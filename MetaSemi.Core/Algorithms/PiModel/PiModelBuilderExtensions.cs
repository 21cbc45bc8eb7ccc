using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The builder's <c>UsePiModel</c> method, beside <see cref="PiModel"/>.</summary>
public static class PiModelBuilderExtensions
{
    /// <summary>
    /// The Π-model (<see cref="PiModel"/>). Chooses the algorithm and configures its options (validated and copied at
    /// <see cref="SemiSupervisedTrainerBuilder.Build"/>); calling it again configures the same options further.
    /// </summary>
    public static SemiSupervisedTrainerBuilder UsePiModel(this SemiSupervisedTrainerBuilder builder, Action<PiModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(PiModel.AlgorithmName, configure);
    }
}
