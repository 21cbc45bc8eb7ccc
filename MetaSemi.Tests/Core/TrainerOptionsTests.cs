using MetaSemi.Algorithms;
using MetaSemi.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MetaSemi.Tests.Core;

/// <summary>Build-time validation and configuration binding of <see cref="MetaSemiOptions"/>.</summary>
public sealed class TrainerOptionsTests
{
    public static TheoryData<string, Action<MetaSemiOptions>> InvalidOptions => new()
    {
        { "MetaGradient.Epsilon", o => o.MetaGradient.Epsilon = 0 },
        { "MetaGradient.Method", o => o.MetaGradient.Method = (MetaGradientMethod)42 },
        { "Mixup.Alpha", o => o.Mixup.Alpha = -1 },
        { "Consistency.Loss", o => o.Consistency.Loss = (ConsistencyLossKind)42 },
        { "Consistency.Weight", o => o.Consistency.Weight = double.NaN },
        { "Consistency.RampSteps", o => o.Consistency.RampSteps = -1 },
        { "Optimizer.LearningRate", o => o.Optimizer.LearningRate = 0 },
        { "Optimizer.Momentum", o => o.Optimizer.Momentum = 1 },
        { "Optimizer.WeightDecay", o => o.Optimizer.WeightDecay = -1e-4 },
        { "Schedule.Milestones", o => o.Schedule.Milestones = [300, 200] },
        { "Schedule.Gamma", o => o.Schedule.Gamma = 0 },
        { "Schedule.WarmupSteps", o => o.Schedule.WarmupSteps = -5 },
        { "Schedule.TotalSteps", o => { o.Schedule.Kind = LearningRateScheduleKind.WarmupCosine; o.Schedule.TotalSteps = 10; } },
        { "Evaluation.EverySteps", o => o.Evaluation.EverySteps = 0 },
        { "Evaluation.BatchSize", o => o.Evaluation.BatchSize = 0 },
        { "LogEverySteps", o => o.LogEverySteps = 0 },
        { "Device", o => o.Device = "tpu" },
        { "ResumeFrom", o => o.ResumeFrom = "/nonexistent/checkpoint" },
    };

    private static SemiSupervisedTrainerBuilder ValidBuilder(MetaSemiOptions options)
    {
        var (train, test) = SyntheticProblems.TwoMoons(1, 2, 8, 8, 4);
        return SemiSupervisedTrainer.Create(options).WithModel(TrainerTestKit.Mlp(1)).WithData(train, test);
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Build_rejects_each_invalid_option_with_a_message_naming_it(string field, Action<MetaSemiOptions> corrupt)
    {
        var options = new MetaSemiOptions();
        corrupt(options);

        var error = Assert.Throws<OptionsValidationException>(() => ValidBuilder(options).Build());

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith(field, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_names_a_missing_model_missing_data_bad_batch_size_and_bad_fluent_values_together()
    {
        var (train, _) = SyntheticProblems.TwoMoons(1, 2, 8, 8, batchSize: 0);

        var missing = Assert.Throws<OptionsValidationException>(() => SemiSupervisedTrainer.Create().Build());
        var fluent = Assert.Throws<OptionsValidationException>(() => SemiSupervisedTrainer.Create()
            .WithModel(TrainerTestKit.Mlp(1)).WithData(train).WithMixup(0)
            .WithSchedule(Schedules.WarmupMultiStep(10, [5, 5], 0.1)).WithMetaGradient(o => o.Epsilon = -1).Build());

        Assert.Contains(missing.Failures, f => f.StartsWith("Model", StringComparison.Ordinal));
        Assert.Contains(missing.Failures, f => f.StartsWith("Data", StringComparison.Ordinal));
        Assert.Contains(fluent.Failures, f => f.StartsWith("Data.BatchSize", StringComparison.Ordinal));
        Assert.Contains(fluent.Failures, f => f.StartsWith("Mixup.Alpha", StringComparison.Ordinal));
        Assert.Contains(fluent.Failures, f => f.StartsWith("Schedule.Milestones", StringComparison.Ordinal));
        Assert.Contains(fluent.Failures, f => f.StartsWith("MetaGradient.Epsilon", StringComparison.Ordinal));
        Assert.Equal(4, fluent.Failures.Count());
    }

    [Fact]
    public void Defaults_equal_the_reference_and_validate()
    {
        var options = new MetaSemiOptions();

        Assert.Empty(MetaSemiOptionsValidator.Failures(options));
        Assert.Equal((MetaGradientMethod.FiniteDifference, 1e-2), (options.MetaGradient.Method, options.MetaGradient.Epsilon));
        Assert.Equal((0.1, 0.9, 1e-4), (options.Optimizer.LearningRate, options.Optimizer.Momentum, options.Optimizer.WeightDecay));
        Assert.Equal(4000, options.Schedule.WarmupSteps);
        Assert.Equal([300_000L, 350_000L], LearningRateScheduleOptions.DefaultMilestones);
        Assert.Equal((400, 100), (options.Evaluation.EverySteps, options.Evaluation.BatchSize));
        Assert.Equal((1.0, 4000L), (options.Consistency.Weight, options.Consistency.RampSteps));
    }

    [Fact]
    public void AddMetaSemi_binds_configuration_and_validates_on_first_read()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MetaSemi:MetaGradient:Method"] = "Exact",
            ["MetaSemi:Mixup:Alpha"] = "0.1",
            ["MetaSemi:Optimizer:WeightDecay"] = "5e-5",
            ["MetaSemi:Schedule:Milestones:0"] = "100",
            ["MetaSemi:Schedule:Milestones:1"] = "200",
            ["MetaSemi:Seed"] = "7788",
        }).Build();
        using var provider = new ServiceCollection().AddMetaSemi(configuration.GetSection(MetaSemiOptions.SectionName)).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MetaSemiOptions>>().Value;

        Assert.Equal(MetaGradientMethod.Exact, options.MetaGradient.Method);
        Assert.Equal(0.1, options.Mixup.Alpha);
        Assert.Equal(5e-5, options.Optimizer.WeightDecay);
        Assert.Equal([100L, 200L], options.Schedule.Milestones!);
        Assert.Equal(7788, options.Seed);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mixup:Alpha"] = "0" }).Build();
        using var badProvider = new ServiceCollection().AddMetaSemi(bad).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptions<MetaSemiOptions>>().Value);
        Assert.Contains(error.Failures, f => f.StartsWith("Mixup.Alpha", StringComparison.Ordinal));
    }
}
