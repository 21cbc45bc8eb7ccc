namespace MetaSemi.Scheduling;

/// <summary>The learning rate of each step; replaceable by any implementation.</summary>
public interface ILearningRateSchedule
{
    /// <summary>lr_t for the step that starts after <paramref name="step"/> completed steps.</summary>
    double LearningRate(long step, double baseLearningRate);

    /// <summary>Problems with this schedule's settings, each naming the setting; empty when valid.</summary>
    IEnumerable<string> Validate() => [];
}
