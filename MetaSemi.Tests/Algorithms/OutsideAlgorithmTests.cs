using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using MetaSemi.Algorithms;
using MetaSemi.Tests.Core;
using MetaSemi.Tests.Packaging;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>
/// An algorithm written outside the library, compiled against the public API only (no InternalsVisibleTo), can do
/// what the built-in ones do: this one is Pseudo-Label rebuilt from the public building blocks (options base class,
/// <c>ThrowIfInvalid</c>, <c>Requirements</c>, <c>SupervisedPart</c>, <c>BatchNormStatistics</c>, the shared losses,
/// <c>AlgorithmResults</c>), registered with <c>AlgorithmRegistration.Create</c>, and trains exactly as the built-in.
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class OutsideAlgorithmTests
{
    private const string Source = """
        using MetaSemi.Algorithms;
        using MetaSemi.Data;
        using TorchSharp;

        namespace Outside;

        public sealed class MyPseudoLabelOptions : SemiSupervisedAlgorithmOptions
        {
            public double Threshold { get; set; } = 0.95;
            public double WarmupFraction { get; set; } = 0.4;
            protected override string SectionName => "MyPseudoLabel";
            protected override void AddErrors(List<string> errors) => RequireProbability(errors, nameof(Threshold), Threshold);
        }

        public sealed class MyPseudoLabel : ISemiSupervisedAlgorithm
        {
            public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<MyPseudoLabelOptions>(
                "my-pseudolabel", "My Pseudo-Label", "Pseudo-Label written outside the library", o => new MyPseudoLabel(o));

            private readonly MyPseudoLabelOptions _options;
            private int _numClasses;

            public MyPseudoLabel(MyPseudoLabelOptions options)
            {
                options.ThrowIfInvalid();
                _options = options;
                Requirements = options.Requirements([ViewNames.Weak]);
            }

            public string Name => "my-pseudolabel";
            public AlgorithmRequirements Requirements { get; }
            public void Initialize(AlgorithmSetup setup) => _numClasses = setup.NumClasses;

            public AlgorithmStepResult Step(AlgorithmStepContext context)
            {
                var labeled = context.Batch.Labeled;
                var unlabeled = context.Batch.Unlabeled;
                var supervised = SupervisedPart.Compute(context.Model.forward(labeled.Images), labeled.Labels!, _numClasses);
                torch.Tensor logits;
                using (BatchNormStatistics.Preserve(context.Model))
                {
                    logits = context.Model.forward(unlabeled.Images);
                }

                var q = torch.nn.functional.softmax(logits.detach(), 1);
                var unlabeledLoss = FixMatchLoss.Compute(q, logits, _options.Threshold);
                double weight = _options.UnlabeledLossWeight * UnsupervisedWarmup.Factor(context.Step, context.TotalSteps, _options.WarmupFraction);
                var loss = supervised.Loss + weight * unlabeledLoss.Loss;
                return AlgorithmResults.Create(loss, supervised, unlabeledLoss.Loss, weight, unlabeledLoss.Mask.mean(),
                    AlgorithmResults.HiddenLabelAccuracy(q, unlabeled));
            }

            public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>();
            public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state) { }
        }
        """;

    private static readonly Lazy<AlgorithmRegistration> Outside = new(() =>
    {
        var assembly = System.Reflection.Assembly.Load(LibraryCompilation.Compile(Source, "MyPseudoLabel.cs", OutputKind.DynamicallyLinkedLibrary));
        return (AlgorithmRegistration)assembly.GetType("Outside.MyPseudoLabel")!.GetProperty("Registration")!.GetValue(null)!;
    });

    [Fact]
    public async Task An_algorithm_compiled_against_the_public_API_trains_bit_for_bit_as_the_built_in_it_rebuilds()
    {
        var registry = new AlgorithmRegistry().Register(Outside.Value);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["UnlabeledRatio"] = "2", ["Threshold"] = "0.5" }).Build();
        var options = Outside.Value.Bind(configuration);

        var (outsideReports, outsideWeights) = await Train(b => b.WithAlgorithmRegistry(registry).UseAlgorithm("my-pseudolabel", options));
        var (builtInReports, builtInWeights) = await Train(b => b.UsePseudoLabel(o => { o.UnlabeledRatio = 2; o.Threshold = 0.5; }));

        Assert.Equal(4, outsideReports.Count);
        foreach (var metric in new[] { MetricNames.Loss, MetricNames.LabelLoss, MetricNames.UnlabelLoss, MetricNames.MaskRatio, MetricNames.UnlabelWeight })
        {
            Assert.Equal(builtInReports.Select(r => r.Metrics[metric]), outsideReports.Select(r => r.Metrics[metric]));
        }

        Assert.Contains(outsideReports, r => r.Metrics[MetricNames.MaskRatio] > 0);
        Assert.All(outsideWeights.Zip(builtInWeights), p => Assert.True(TensorAssert.Identical(p.First.Value, p.Second.Value), p.First.Name));
    }

    [Fact]
    public void The_outside_options_are_validated_by_the_base_class_with_the_built_in_message_format()
    {
        var options = Outside.Value.CreateOptions();
        options.GetType().GetProperty("Threshold")!.SetValue(options, 1.5);
        options.GetType().GetProperty("EmaDecay")!.SetValue(options, 1.0);

        var error = Assert.Throws<ArgumentException>(() => Outside.Value.Create(options));

        Assert.Contains("MyPseudoLabel.Threshold must be in (0, 1]; got 1.5.", error.Message, StringComparison.Ordinal);
        Assert.Contains("MyPseudoLabel.EmaDecay must be in [0, 1); got 1.", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(List<TrainingProgress> Reports, (string Name, Tensor Value)[] Weights)> Train(
        Func<SemiSupervisedTrainerBuilder, SemiSupervisedTrainerBuilder> use)
    {
        using var train = AlgorithmTrainerTests.Source();
        var model = TrainerTestKit.Mlp(2, inputs: 4, hidden: 16, classes: 3, dtype: float64);
        var reports = new List<TrainingProgress>();
        using var trainer = use(AlgorithmTrainerTests.Builder(model, train)).Build();
        await trainer.FitAsync(4, new CallbackProgress(reports.Add));
        return (reports, TrainerTestKit.State(model));
    }
}
