using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The builder's <c>UseMeanTeacher</c> method, beside <see cref="MeanTeacher"/>.</summary>
public static class MeanTeacherBuilderExtensions
{
    /// <summary>
    /// Mean Teacher (<see cref="MeanTeacher"/>). Chooses the algorithm and configures its options (validated and copied at
    /// <see cref="SemiSupervisedTrainerBuilder.Build"/>); calling it again configures the same options further.
    /// </summary>
    public static SemiSupervisedTrainerBuilder UseMeanTeacher(this SemiSupervisedTrainerBuilder builder, Action<MeanTeacherOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAlgorithm(MeanTeacher.AlgorithmName, configure);
    }
}
