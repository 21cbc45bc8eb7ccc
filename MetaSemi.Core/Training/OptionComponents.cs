using MetaSemi.Algorithms;
using MetaSemi.Scheduling;

namespace MetaSemi;

/// <summary>Turns option values into the algorithm objects they describe.</summary>
internal static class OptionComponents
{
    public static IMetaOptimizer MetaOptimizer(MetaGradientOptions options) => options.Method switch
    {
        MetaGradientMethod.FiniteDifference => new FiniteDifferenceMetaGradient(options.Epsilon),
        MetaGradientMethod.Exact => new ExactMetaGradient(),
        MetaGradientMethod.None => new NoMetaGradient(),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "Unknown MetaGradient.Method."),
    };

    public static IConsistencyLoss ConsistencyLoss(ConsistencyLossKind kind) => kind switch
    {
        ConsistencyLossKind.SquaredL2 => SquaredL2ConsistencyLoss.Instance,
        ConsistencyLossKind.KullbackLeibler => KullbackLeiblerConsistencyLoss.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown Consistency.Loss."),
    };

    public static ILearningRateSchedule Schedule(LearningRateScheduleOptions options) => options.Kind switch
    {
        LearningRateScheduleKind.WarmupMultiStep => Schedules.WarmupMultiStep(
            options.WarmupSteps, options.Milestones ?? LearningRateScheduleOptions.DefaultMilestones, options.Gamma),
        LearningRateScheduleKind.WarmupCosine => Schedules.WarmupCosine(options.WarmupSteps, options.TotalSteps, options.StepsPerEpoch),
        LearningRateScheduleKind.Constant => Schedules.Constant(),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "Unknown Schedule.Kind."),
    };

    public static IConsistencyWeightSchedule WeightSchedule(ConsistencyOptions options) =>
        Schedules.LinearRamp(options.Weight, options.RampSteps);
}
