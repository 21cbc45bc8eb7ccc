using System.Globalization;
using MetaSemi;
using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Models;
using MetaSemi.Samples.CustomAlgorithm;
using MetaSemi.Scheduling;
using Microsoft.Extensions.Configuration;

// An algorithm from outside the library, trained two ways: the fluent builder, and configuration binding
// (appsettings.json). Usage: CustomAlgorithm [--steps N] [--data DIR]. Default: 300 steps on the Fashion-MNIST
// subset that ships with the repository (copied next to this program).
int steps = 300;
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-small");
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--steps" when i + 1 < args.Length:
            steps = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--data" when i + 1 < args.Length:
            dataPath = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: CustomAlgorithm [--steps N] [--data DIR]");
            return 2;
    }
}

var registry = new AlgorithmRegistry().Register(EntropyMinimization.Registration);
var configuration = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.json").Build();

var fluent = Train("fluent builder", b => b.WithAlgorithmRegistry(registry).UseAlgorithm<EntropyMinimizationOptions>(
    EntropyMinimization.AlgorithmName, o => { o.UnlabeledLossWeight = 0.1; o.UnlabeledRatio = 2; o.WarmupFraction = 0.2; }));
var bound = Train("configuration", b => b.WithAlgorithmRegistry(registry).UseAlgorithm(configuration.GetSection("Algorithm")));
var supervised = Train("supervised only", b => b.UseSupervised());

bool same = fluent.Weights.Count == bound.Weights.Count
    && fluent.Weights.Zip(bound.Weights).All(p => p.First.SequenceEqual(p.Second));
Console.WriteLine($"configuration binding trained the same weights as the fluent builder: {(same ? "yes" : "no")}");
Console.WriteLine(FormattableString.Invariant(
    $"the unlabelled images bought {100 * (fluent.Best - supervised.Best):+0.00;-0.00} points over supervised only ({steps} steps, 100 labels)"));
return same ? 0 : 1;

// One run: 100 labels (10 a class), seed 1 for the split, the stream and the initial weights, so runs are comparable.
(double Best, List<float[]> Weights) Train(string label, Func<SemiSupervisedTrainerBuilder, SemiSupervisedTrainerBuilder> use)
{
    using var train = DatasetLoader.Load("fashion-mnist", dataPath, train: true);
    using var test = DatasetLoader.Load("fashion-mnist", dataPath, train: false);
    var split = new ClassBalancedSplitter(numLabels: 100, seed: 1).Split(train);
    // μ 2 (appsettings.json's UnlabeledRatio): two unlabelled images per labelled one in each batch.
    using var data = SemiSupervisedData.Create(train, test, split, batchSize: 16, KnownDatasets.FashionMnist.CreateAugmentation(), seed: 1,
        new PairedStreamOptions { UnlabeledRatio = 2 });
    TorchSharp.torch.manual_seed(1);
    using var model = ModelZoo.SmallCnn(numClasses: 10);
    var last = new LastReport();
    using (var trainer = use(SemiSupervisedTrainer.Create())
        .WithModel(model)
        .WithData(data.Train, data.Test)
        .WithOptimizer(lr: 0.03, momentum: 0.9, weightDecay: 5e-4)
        .WithSchedule(Schedules.WarmupCosine(0, steps))
        .WithEvaluation(Math.Max(1, steps / 3))
        .Build())
    {
        var result = trainer.FitAsync(steps, last).GetAwaiter().GetResult();
        var metrics = last.Last!;
        string unlabelled = double.IsNaN(metrics.UnlabelLoss) ? "" : FormattableString.Invariant(
            $", entropy {metrics.UnlabelLoss:F3}, {EntropyMinimization.ConfidentShare} {metrics.Metric(EntropyMinimization.ConfidentShare):F2}");
        Console.WriteLine(FormattableString.Invariant(
            $"{label}: best test accuracy {result.BestAccuracy:P2} at step {result.BestStep}; last step: loss {metrics.Loss:F3}{unlabelled}"));
        var weights = model.state_dict().Values.Select(t => t.to(TorchSharp.torch.float32).data<float>().ToArray()).ToList();
        return (result.BestAccuracy, weights);
    }
}

/// <summary>Keeps the last step's report (called on the training thread, unlike <see cref="Progress{T}"/>).</summary>
internal sealed class LastReport : IProgress<TrainingProgress>
{
    public TrainingProgress? Last { get; private set; }

    public void Report(TrainingProgress value) => Last = value;
}
