using System.Text.Json.Nodes;
using MetaSemi.Algorithms;
using MetaSemi.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>
/// One configuration path (docs/library.md, "One configuration path"): MetaSemi's With… sugar, UseMetaSemi,
/// MetaSemiOptions (the binding adapter), configuration binding through the registry and AddMetaSemi all end in the same
/// MetaSemiAlgorithmOptions — the same options.json, the same weights bit for bit — and an invalid value gives the same
/// message on each.
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class ConfigurationPathTests
{
    private const int Steps = 6;

    private static readonly Dictionary<string, string?> MetaSemiSection = new()
    {
        ["MetaGradient:Method"] = "Exact",
        ["MetaGradient:Epsilon"] = "0.02",
        ["Mixup:Alpha"] = "0.5",
        ["Consistency:Loss"] = "KullbackLeibler",
        ["Consistency:Weight"] = "0.7",
        ["Consistency:RampSteps"] = "3",
    };

    /// <summary>The same MetaSemi settings, written once for each path.</summary>
    public static TheoryData<string> MetaSemiPaths => ["sugar", "UseMetaSemi", "MetaSemiOptions", "AddMetaSemi", "UseAlgorithm(configuration)"];

    private static SemiSupervisedTrainerBuilder MetaSemiBy(string path) => path switch
    {
        "sugar" => SemiSupervisedTrainer.Create()
            .WithMetaGradient(o => (o.Method, o.Epsilon) = (MetaGradientMethod.Exact, 0.02))
            .WithMixup(0.5)
            .WithConsistencyLoss(ConsistencyLossKind.KullbackLeibler)
            .WithConsistencyWeight(0.7, 3),
        "UseMetaSemi" => SemiSupervisedTrainer.Create(new SemiSupervisedTrainerOptions()).UseMetaSemi(o =>
        {
            (o.MetaGradient.Method, o.MetaGradient.Epsilon) = (MetaGradientMethod.Exact, 0.02);
            (o.Mixup.Enabled, o.Mixup.Alpha) = (true, 0.5);
            (o.Consistency.Loss, o.Consistency.Weight, o.Consistency.RampSteps) = (ConsistencyLossKind.KullbackLeibler, 0.7, 3);
        }),
        "MetaSemiOptions" => SemiSupervisedTrainer.Create(new MetaSemiOptions
        {
            MetaGradient = new() { Method = MetaGradientMethod.Exact, Epsilon = 0.02 },
            Mixup = new() { Enabled = true, Alpha = 0.5 },
            Consistency = new() { Loss = ConsistencyLossKind.KullbackLeibler, Weight = 0.7, RampSteps = 3 },
        }),
        "AddMetaSemi" => SemiSupervisedTrainer.Create(Bound(MetaSemiSection)),
        "UseAlgorithm(configuration)" => SemiSupervisedTrainer.Create(new SemiSupervisedTrainerOptions()).UseAlgorithm(
            Configuration(MetaSemiSection.ToDictionary(e => "Options:" + e.Key, e => e.Value).Append(KeyValuePair.Create("Name", (string?)"metasemi")))),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "unknown path"),
    };

    [Theory]
    [MemberData(nameof(MetaSemiPaths))]
    public async Task Every_path_gives_the_options_and_the_weights_of_UseMetaSemi(string path)
    {
        var (expectedOptions, expectedState) = await Run(MetaSemiBy("UseMetaSemi"));
        var (options, state) = await Run(MetaSemiBy(path));

        Assert.Equal(expectedOptions, options);
        Assert.Contains("\"KullbackLeibler\"", options, StringComparison.Ordinal);
        AssertIdentical(expectedState, state);
    }

    [Theory]
    [InlineData("sugar")]
    [InlineData("MetaSemiOptions")]
    [InlineData("AddMetaSemi")]
    public async Task The_supervised_baseline_takes_the_same_path(string path)
    {
        var builder = path switch
        {
            "sugar" => SemiSupervisedTrainer.Create().WithMixup(0.5).WithoutUnlabeledData(),
            "MetaSemiOptions" => SemiSupervisedTrainer.Create(new MetaSemiOptions { UseUnlabeledData = false, Mixup = new() { Enabled = true, Alpha = 0.5 } }),
            _ => SemiSupervisedTrainer.Create(Bound(new() { ["UseUnlabeledData"] = "false", ["Mixup:Alpha"] = "0.5" })),
        };
        var (expectedOptions, expectedState) = await Run(SemiSupervisedTrainer.Create(new SemiSupervisedTrainerOptions()).UseSupervised(o => o.Mixup = new() { Enabled = true, Alpha = 0.5 }));
        var (options, state) = await Run(builder);

        Assert.Equal(expectedOptions, options);
        Assert.Contains("\"supervised\"", options, StringComparison.Ordinal);
        AssertIdentical(expectedState, state);
    }

    [Fact]
    public void The_default_algorithm_is_MetaSemi_with_the_defaults_of_its_options()
    {
        using var fromNothing = Ready(SemiSupervisedTrainer.Create(new SemiSupervisedTrainerOptions())).Build();
        using var fromCreate = Ready(SemiSupervisedTrainer.Create()).Build();

        var expected = (MetaSemiAlgorithm)Ready(SemiSupervisedTrainer.Create().UseMetaSemi()).Build().Algorithm;
        foreach (var algorithm in new[] { fromNothing.Algorithm, fromCreate.Algorithm }.Cast<MetaSemiAlgorithm>())
        {
            Assert.Equal(expected.WeightSchedule, algorithm.WeightSchedule);
            Assert.Equal(expected.MetaOptimizer.Name, algorithm.MetaOptimizer.Name);
            Assert.Same(expected.ConsistencyLoss, algorithm.ConsistencyLoss);
        }
    }

    /// <summary>Each option's one message: the builder (sugar and UseMetaSemi), MetaSemiOptions, AddMetaSemi and UseAlgorithm(configuration).</summary>
    public static TheoryData<string, string, string> InvalidValues => new()
    {
        { "MetaGradient:Epsilon", "0", MetaGradientOptions.EpsilonRule.Check(0)! },
        { "Mixup:Alpha", "-1", MixupOptions.AlphaRule.Check(-1)! },
        { "Consistency:Weight", "-0.5", ConsistencyOptions.WeightRule.Check(-0.5)! },
        { "Consistency:RampSteps", "-1", ConsistencyOptions.RampStepsRule.Check(-1)! },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void An_invalid_value_gives_the_same_message_on_every_path(string key, string value, string message)
    {
        double number = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Action<MetaSemiAlgorithmOptions> corrupt = key switch
        {
            "MetaGradient:Epsilon" => o => o.MetaGradient.Epsilon = number,
            "Mixup:Alpha" => o => o.Mixup.Alpha = number,
            "Consistency:Weight" => o => o.Consistency.Weight = number,
            _ => o => o.Consistency.RampSteps = (long)number,
        };
        SemiSupervisedTrainerBuilder sugar = key switch
        {
            "MetaGradient:Epsilon" => SemiSupervisedTrainer.Create().WithMetaGradient(o => o.Epsilon = number),
            "Mixup:Alpha" => SemiSupervisedTrainer.Create().WithMixup(number),
            "Consistency:Weight" => SemiSupervisedTrainer.Create().WithConsistencyWeight(number),
            _ => SemiSupervisedTrainer.Create().WithConsistencyWeight(1.0, (long)number),
        };
        var options = new MetaSemiOptions();
        corrupt(new MetaSemiAlgorithmOptions { MetaGradient = options.MetaGradient, Mixup = options.Mixup, Consistency = options.Consistency });

        Assert.Equal([message], BuildFailures(sugar));
        Assert.Equal([message], BuildFailures(SemiSupervisedTrainer.Create().UseMetaSemi(corrupt)));
        Assert.Equal([message], BuildFailures(SemiSupervisedTrainer.Create(options)));
        Assert.Equal([message], BuildFailures(SemiSupervisedTrainer.Create(new SemiSupervisedTrainerOptions())
            .UseAlgorithm(Configuration(new Dictionary<string, string?> { ["Name"] = "metasemi", ["Options:" + key] = value }))));
        Assert.Equal([message], MetaSemiOptionsValidator.Failures(options));
        var bound = Assert.Throws<OptionsValidationException>(() => Bound(new() { [key] = value }).Value);
        Assert.Equal([message], bound.Failures);
    }

    private static IEnumerable<string> BuildFailures(SemiSupervisedTrainerBuilder builder) =>
        Assert.Throws<OptionsValidationException>(() => Ready(builder).Build()).Failures;

    private static IConfiguration Configuration(IEnumerable<KeyValuePair<string, string?>> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static IOptions<MetaSemiOptions> Bound(Dictionary<string, string?> section)
    {
        var configuration = Configuration(section.ToDictionary(e => $"{MetaSemiOptions.SectionName}:{e.Key}", e => e.Value));
        var provider = new ServiceCollection().AddMetaSemi(configuration.GetSection(MetaSemiOptions.SectionName)).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<MetaSemiOptions>>();
    }

    private static SemiSupervisedTrainerBuilder Ready(SemiSupervisedTrainerBuilder builder, nn.Module<Tensor, Tensor>? model = null)
    {
        var (train, _) = SyntheticProblems.TwoMoons(seed: 4, labelsPerClass: 8, unlabeled: 64, test: 10, batchSize: 8, augmentNoise: 0.05);
        return builder.WithModel(model ?? TrainerTestKit.Mlp(1)).WithData(train).WithSeed(5).WithOptimizer(0.05, 0.9, 1e-4).WithSchedule(Schedules.Constant());
    }

    /// <summary>options.json's algorithm and its options after a short run, and the weights.</summary>
    private static async Task<(string Options, (string Name, Tensor Value)[] State)> Run(SemiSupervisedTrainerBuilder builder)
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var model = TrainerTestKit.Mlp(3, hidden: 8, dropout: 0.2, dtype: float64);
        using (var trainer = Ready(builder, model).WithCheckpoints(folder).Build())
        {
            await trainer.FitAsync(Steps);
        }

        var written = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, RunOptionsFile.FileName)))!;
        var options = new JsonObject { ["Algorithm"] = written["Algorithm"]?.DeepClone(), ["AlgorithmOptions"] = written["AlgorithmOptions"]?.DeepClone() };
        return (options.ToJsonString(), TrainerTestKit.State(model));
    }

    private static void AssertIdentical((string Name, Tensor Value)[] expected, (string Name, Tensor Value)[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.True(TensorAssert.Identical(p.First.Value, p.Second.Value), p.First.Name));
    }
}
