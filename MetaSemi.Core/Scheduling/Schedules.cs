namespace MetaSemi.Scheduling;

/// <summary>Factory methods for the reference's schedules.</summary>
public static class Schedules
{
    /// <summary>Linear warm-up, then multiply by γ after each milestone (CIFAR/SVHN: 4000, [300000, 350000], 0.1).</summary>
    public static WarmupMultiStepSchedule WarmupMultiStep(long warmupSteps, IReadOnlyList<long> milestones, double gamma = 0.1) =>
        new(warmupSteps, milestones, gamma);

    /// <summary>Linear warm-up, then cosine annealing to 0 at <paramref name="totalSteps"/>.</summary>
    public static WarmupCosineSchedule WarmupCosine(long warmupSteps, long totalSteps, long stepsPerEpoch = 1) =>
        new(warmupSteps, totalSteps, stepsPerEpoch);

    /// <summary>The base learning rate throughout.</summary>
    public static ConstantLearningRate Constant() => new();

    /// <summary>Consistency weight ramped linearly from 0 to <paramref name="weight"/> over <paramref name="rampSteps"/>.</summary>
    public static LinearRampWeight LinearRamp(double weight, long rampSteps) => new(weight, rampSteps);
}
