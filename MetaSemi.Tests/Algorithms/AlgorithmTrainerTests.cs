using MetaSemi.Algorithms;
using MetaSemi.Scheduling;
using MetaSemi.Tests.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>Each field algorithm trained by the trainer through its builder method, end to end, a few steps.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class AlgorithmTrainerTests
{
    /// <summary>Every registered algorithm with the field's options (λ_u, μ, the EMA): the field's methods, an added one included.</summary>
    public static TheoryData<string> Algorithms => [.. AlgorithmRegistry.Default.Algorithms
        .Where(r => typeof(SemiSupervisedAlgorithmOptions).IsAssignableFrom(r.OptionsType))
        .Select(r => r.Name)];

    /// <summary>Whether each of the field's methods as first written reports a mask ratio (the thresholded ones do).</summary>
    private static readonly Dictionary<string, bool> ReportsMaskRatio = new(StringComparer.Ordinal)
    {
        ["pimodel"] = false, ["pseudolabel"] = true, ["meanteacher"] = false, ["fixmatch"] = true,
        ["flexmatch"] = true, ["freematch"] = true, ["softmatch"] = true,
    };

    internal static ViewPairedSource Source(ulong seed = 5) => new(features: 4, classes: 3, batchSize: 8, ratio: 2, unlabeledCount: 40, seed);

    /// <summary>
    /// The builder with the algorithm chosen by its own Use… method (<see cref="AlgorithmUseMethods"/>), μ 2 to match
    /// <see cref="Source"/>, a threshold (where the options have one) low enough to pass on a small problem.
    /// </summary>
    internal static SemiSupervisedTrainerBuilder Use(SemiSupervisedTrainerBuilder builder, string name, Action<SemiSupervisedAlgorithmOptions>? more = null) =>
        AlgorithmUseMethods.Use<SemiSupervisedAlgorithmOptions>(builder, name, o =>
        {
            o.UnlabeledRatio = 2;
            o.GetType().GetProperty("Threshold")?.SetValue(o, 0.5);
            more?.Invoke(o);
        });

    internal static SemiSupervisedTrainerBuilder Builder(nn.Module<Tensor, Tensor> model, MetaSemi.Data.IPairedBatchSource train, int seed = 3) =>
        SemiSupervisedTrainer.Create(new SemiSupervisedTrainerOptions { Seed = seed })
            .WithModel(model).WithData(train).WithOptimizer(0.03, 0.9, 5e-4).WithNesterov().WithSchedule(Schedules.Constant());

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task Each_algorithm_trains_a_few_steps_through_its_builder_method_reporting_its_metrics(string name)
    {
        using var train = Source();
        var model = TrainerTestKit.Mlp(2, inputs: 4, hidden: 16, classes: 3, dtype: float64);
        var before = TrainerTestKit.State(model);
        var reports = new List<TrainingProgress>();
        using var trainer = Use(Builder(model, train), name).Build();

        var result = await trainer.FitAsync(4, new CallbackProgress(reports.Add));

        Assert.Equal(name, trainer.Algorithm.Name);
        Assert.Equal(4, reports.Count);
        foreach (var metric in new[] { MetricNames.Loss, MetricNames.LabelLoss, MetricNames.UnlabelLoss, MetricNames.LabelAccuracy, MetricNames.UnlabelAccuracy })
        {
            Assert.All(reports, r => Assert.True(double.IsFinite(r.Metrics[metric]), $"{metric} at step {r.Step}: {r.Metrics[metric]}"));
        }

        if (ReportsMaskRatio.TryGetValue(name, out bool masked))
        {
            Assert.Equal(masked, reports[^1].Metrics.ContainsKey(MetricNames.MaskRatio));
            Assert.NotNull(trainer.Teacher);
        }

        // An EMA teacher exactly when the algorithm asks for one (the field's methods do by default).
        Assert.Equal(trainer.Algorithm.Requirements.EmaDecay is not null, trainer.Teacher is not null);
        Assert.Equal(8 * 2, train.UnlabeledBatchSize);
        Assert.Contains(TrainerTestKit.State(model).Zip(before), p => !TensorAssert.Identical(p.First.Value, p.Second.Value));
        Assert.False(result.Cancelled);
    }

    [Fact]
    public void A_source_without_the_views_an_algorithm_reads_is_an_error_at_Build_naming_the_views()
    {
        var (train, _) = SyntheticProblems.TwoMoons(seed: 8, labelsPerClass: 8, unlabeled: 64, test: 20, batchSize: 8, augmentNoise: 0.05);
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            Builder(TrainerTestKit.Mlp(1, dtype: float64), train).UseFixMatch(o => o.UnlabeledRatio = 1).Build());
        Assert.Contains(error.Failures, f => f.Contains("strong", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_algorithm_options_fail_at_Build_naming_the_option()
    {
        using var train = Source();
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            Builder(TrainerTestKit.Mlp(1, inputs: 4, classes: 3, dtype: float64), train).UseFixMatch(o => { o.UnlabeledRatio = 2; o.Threshold = 2; }).Build());
        Assert.Contains(error.Failures, f => f.StartsWith("FixMatch.Threshold", StringComparison.Ordinal));
    }

    [Fact]
    public void The_registry_knows_each_field_algorithm_with_its_options_type()
    {
        var registry = AlgorithmRegistry.Default;
        Assert.Equal(typeof(PiModelOptions), registry.Get("pimodel").OptionsType);
        Assert.Equal(typeof(PseudoLabelOptions), registry.Get("pseudolabel").OptionsType);
        Assert.Equal(typeof(MeanTeacherOptions), registry.Get("meanteacher").OptionsType);
        Assert.Equal(typeof(FixMatchOptions), registry.Get("FixMatch").OptionsType);
        Assert.Equal(typeof(FlexMatchOptions), registry.Get("flexmatch").OptionsType);
        Assert.Equal(typeof(FreeMatchOptions), registry.Get("freematch").OptionsType);
        Assert.Equal(typeof(SoftMatchOptions), registry.Get("softmatch").OptionsType);
        var copy = (FixMatchOptions)registry.Get("fixmatch").Copy(new FixMatchOptions { Threshold = 0.7, MetaCorrection = MetaGradientMethod.Exact, EvaluateWithEma = false });
        Assert.Equal((0.7, MetaGradientMethod.Exact, false, 7), (copy.Threshold, copy.MetaCorrection, copy.EvaluateWithEma, copy.UnlabeledRatio));
        Assert.IsType<FlexMatch>(registry.Get("flexmatch").Create(new FlexMatchOptions()));
    }
}
