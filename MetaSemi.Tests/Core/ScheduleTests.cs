using MetaSemi.Scheduling;

namespace MetaSemi.Tests.Core;

/// <summary>Learning-rate and consistency-weight schedules (docs/design.md §2.4).</summary>
public sealed class ScheduleTests
{
    [Fact]
    public void Warmup_multistep_follows_the_CIFAR_schedule_at_its_boundaries()
    {
        ILearningRateSchedule schedule = Schedules.WarmupMultiStep(4000, [300_000, 350_000], 0.1);

        Assert.Equal(0.0, schedule.LearningRate(0, 0.1));
        Assert.Equal(0.05, schedule.LearningRate(2000, 0.1), 1e-15);
        Assert.Equal(0.1 * 3999 / 4000, schedule.LearningRate(3999, 0.1), 1e-15);
        Assert.Equal(0.1, schedule.LearningRate(4000, 0.1));
        Assert.Equal(0.1, schedule.LearningRate(300_000, 0.1));
        Assert.Equal(0.01, schedule.LearningRate(300_001, 0.1), 1e-15);
        Assert.Equal(0.01, schedule.LearningRate(350_000, 0.1), 1e-15);
        Assert.Equal(0.001, schedule.LearningRate(350_001, 0.1), 1e-15);
        Assert.Empty(schedule.Validate());
    }

    [Fact]
    public void Warmup_cosine_reaches_the_base_rate_after_warmup_and_zero_at_the_end()
    {
        ILearningRateSchedule schedule = Schedules.WarmupCosine(500, 6000, stepsPerEpoch: 50);

        Assert.Equal(0.0, schedule.LearningRate(0, 0.1));
        Assert.Equal(0.1 * 250 / 500, schedule.LearningRate(260, 0.1), 1e-15);  // the epoch starts at step 250
        Assert.Equal(0.1, schedule.LearningRate(500, 0.1), 1e-15);
        Assert.Equal(0.05, schedule.LearningRate(3250, 0.1), 1e-15);  // halfway: (3250 − 500) / 5500
        Assert.Equal(0.05, schedule.LearningRate(3299, 0.1), 1e-15);
        Assert.Equal(0.0, schedule.LearningRate(6000, 0.1), 1e-15);
        Assert.Empty(schedule.Validate());
    }

    [Fact]
    public void Linear_ramp_grows_to_the_weight_at_the_end_of_the_ramp_and_stays()
    {
        IConsistencyWeightSchedule ramp = Schedules.LinearRamp(2.0, 4000);

        Assert.Equal(0.0, ramp.Weight(0));
        Assert.Equal(1.0, ramp.Weight(2000));
        Assert.Equal(2.0, ramp.Weight(4000));
        Assert.Equal(2.0, ramp.Weight(100_000));
        Assert.Equal(2.0, ((IConsistencyWeightSchedule)Schedules.LinearRamp(2.0, 0)).Weight(0));
    }

    [Fact]
    public void Invalid_schedules_name_the_bad_setting()
    {
        Assert.Contains(((ILearningRateSchedule)Schedules.WarmupMultiStep(10, [300, 200], 0.1)).Validate(), m => m.Contains("Schedule.Milestones", StringComparison.Ordinal));
        Assert.Contains(((ILearningRateSchedule)Schedules.WarmupMultiStep(-1, [], 0.1)).Validate(), m => m.Contains("Schedule.WarmupSteps", StringComparison.Ordinal));
        Assert.Contains(((ILearningRateSchedule)Schedules.WarmupMultiStep(0, [], 1.5)).Validate(), m => m.Contains("Schedule.Gamma", StringComparison.Ordinal));
        Assert.Contains(((ILearningRateSchedule)Schedules.WarmupCosine(10, 10)).Validate(), m => m.Contains("Schedule.TotalSteps", StringComparison.Ordinal));
        Assert.Contains(((IConsistencyWeightSchedule)Schedules.LinearRamp(-1, 10)).Validate(), m => m.Contains("Consistency.Weight", StringComparison.Ordinal));
    }
}
