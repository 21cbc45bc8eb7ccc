using Microsoft.Extensions.Logging;

namespace MetaSemi.Tests.Core;

/// <summary>The trainer's structured log through <see cref="ILoggerFactory"/>.</summary>
public sealed class TrainerLoggingTests
{

    [Fact]
    public async Task The_trainer_logs_start_every_nth_step_and_each_evaluation()
    {
        var (train, test) = SyntheticProblems.TwoMoons(seed: 3, labelsPerClass: 10, unlabeled: 100, test: 20, batchSize: 8);
        using var loggerFactory = new CapturingLoggerFactory();
        using var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(3), train, test, seed: 1)
            .WithLogging(loggerFactory, everySteps: 2).WithEvaluation(3).Build();

        await trainer.FitAsync(4);

        Assert.Equal(["Starting", "Step", "Evaluated", "Step", "Evaluated"], loggerFactory.Entries.Select(e => e.Id.Name));
        Assert.StartsWith("Step 2/4 lr ", loggerFactory.Entries[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("Evaluation at step 3: top-1 ", loggerFactory.Entries[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_shorter_than_the_default_warm_up_is_warned_with_the_schedule_to_give()
    {
        var (train, test) = SyntheticProblems.TwoMoons(seed: 3, labelsPerClass: 10, unlabeled: 100, test: 20, batchSize: 8);
        using var loggerFactory = new CapturingLoggerFactory();
        using var trainer = SemiSupervisedTrainer.Create().WithModel(TrainerTestKit.Mlp(3)).WithData(train, test)
            .WithLogging(loggerFactory, everySteps: 100).WithEvaluation(50).Build();

        await trainer.FitAsync(3);

        var warning = Assert.Single(loggerFactory.Entries, e => e.Id.Name == "WarmupLongerThanRun");
        Assert.Equal(
            "The learning rate's warm-up lasts 4000 steps (Options.Schedule, the reference's CIFAR recipe), but this run ends at step 3: it never trains at the full rate and barely learns. Give a schedule that fits the run, e.g. WithSchedule(Schedules.WarmupCosine(0, 3))",
            warning.Message);
    }

    [Fact]
    public async Task A_run_given_its_own_schedule_is_not_warned()
    {
        var (train, test) = SyntheticProblems.TwoMoons(seed: 3, labelsPerClass: 10, unlabeled: 100, test: 20, batchSize: 8);
        using var loggerFactory = new CapturingLoggerFactory();
        using var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(3), train, test, seed: 1).WithLogging(loggerFactory, everySteps: 100).Build();

        await trainer.FitAsync(3);

        Assert.DoesNotContain(loggerFactory.Entries, e => e.Id.Name == "WarmupLongerThanRun");
    }
}
