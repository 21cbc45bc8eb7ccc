namespace MetaSemi.Scheduling;

/// <summary>The base learning rate at every step.</summary>
public sealed record ConstantLearningRate : ILearningRateSchedule
{
    /// <inheritdoc />
    public double LearningRate(long step, double baseLearningRate) => baseLearningRate;
}
