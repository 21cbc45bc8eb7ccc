// MetaSemi.NET quick start: a few labels and many unlabelled images of the shipped Fashion-MNIST
// subset. Trains the supervised baseline and MetaSemi on the same labels, network, schedule and
// step budget, then prints a table and draws both test-accuracy curves.
using System.Diagnostics;
using System.Globalization;
using MetaSemi;
using MetaSemi.Algorithms;
using MetaSemi.Cli.Progress;
using MetaSemi.Data;
using MetaSemi.Models;
using MetaSemi.QuickStart;
using MetaSemi.Scheduling;
using Spectre.Console;

QuickStartSettings settings;
try
{
    settings = QuickStartSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var dataFolder = Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-small");
using var train = DatasetLoader.Load("fashion-mnist", dataFolder, train: true);
using var test = DatasetLoader.Load("fashion-mnist", dataFolder, train: false);
var split = new ClassBalancedSplitter(numLabels: settings.LabelsPerClass * train.NumClasses, seed: settings.Seed).Split(train);
Directory.CreateDirectory(settings.OutputFolder);
var dataset = KnownDatasets.Get("fashion-mnist");

Console.WriteLine($"MetaSemi.NET quick start: Fashion-MNIST subset ({train.Count} train / {test.Count} test images), "
    + $"{split.Labeled.Count} labels ({settings.LabelsPerClass} per class), {split.Unlabeled.Count} unlabelled");
Console.WriteLine($"network small-cnn, batch {QuickStartSettings.BatchSize} labelled + {QuickStartSettings.BatchSize} unlabelled, "
    + $"{settings.Steps} steps per method, mixup alpha 1, seed {settings.Seed}, torch threads {TorchSharp.torch.get_num_threads()}");

var runs = new List<QuickStartRun>();
foreach (var method in new[] { QuickStartMethod.SupervisedBaseline, QuickStartMethod.MetaSemi })
{
    runs.Add(await Train(method));
}

var table = new Table().AddColumns("labels", "method", "test accuracy", "best", "steps", "time");
foreach (var run in runs)
{
    table.AddRow(split.Labeled.Count.ToString(CultureInfo.InvariantCulture), run.Name, $"{run.Result.LastEvaluation!.Top1:P2}",
        $"{run.Result.BestAccuracy:P2}", run.Result.Steps.ToString(CultureInfo.InvariantCulture), $"{run.Seconds:F0} s");
}

AnsiConsole.Write(table);
var picture = AccuracyCurves.Save(runs, Path.Combine(settings.OutputFolder, "test-accuracy.png"));
Console.WriteLine($"test-accuracy curves: {picture}; run folders (checkpoints, metrics.csv, TensorBoard): {Path.GetFullPath(settings.OutputFolder)}");
return 0;

async Task<QuickStartRun> Train(QuickStartMethod method)
{
    TorchSharp.torch.manual_seed(settings.Seed);
    using var model = ModelZoo.SmallCnn(numClasses: train.NumClasses, inputChannels: 1);
    bool supervised = method == QuickStartMethod.SupervisedBaseline;
    using var data = supervised
        ? SemiSupervisedData.CreateSupervised(train, test, split, QuickStartSettings.BatchSize, dataset.CreateAugmentation(), settings.Seed)
        : SemiSupervisedData.Create(train, test, split, QuickStartSettings.BatchSize, dataset.CreateAugmentation(), settings.Seed);
    long warmup = Math.Max(1, settings.Steps / 10);
    string name = supervised ? "baseline (mixup)" : "MetaSemi (finite diff.)";
    string folder = Path.Combine(settings.OutputFolder, supervised ? "baseline" : "metasemi");
    if (Directory.Exists(folder))
    {
        Directory.Delete(folder, recursive: true);
    }

    var builder = SemiSupervisedTrainer.Create()
        .WithModel(model)
        .WithData(data.Train, data.Test)
        .WithMixup(1.0)
        .WithOptimizer(lr: 0.1, momentum: 0.9, weightDecay: 5e-4)
        .WithSchedule(Schedules.WarmupMultiStep(warmup, [settings.Steps * 3 / 4], 0.1))
        .WithConsistencyWeight(1.0, warmup)
        .WithSeed(settings.Seed)
        .WithEvaluation((int)Math.Max(1, settings.Steps / 12))
        .WithCheckpoints(folder);
    builder = supervised ? builder.WithoutUnlabeledData() : builder.WithMetaGradient(o => o.Method = MetaGradientMethod.FiniteDifference);
    using var trainer = builder.Build();

    var curve = new List<(long Step, double Accuracy)>();
    double best = double.NaN;
    using var reporter = ProgressReporterFactory.Create(AnsiConsole.Console, Console.Out, name, settings.Steps);
    bool live = ProgressReporterFactory.IsLiveTerminal(AnsiConsole.Console);
    var progress = new SynchronousProgress<MetaSemi.TrainingProgress>(p =>
    {
        if (p.Evaluation is { } evaluation)
        {
            curve.Add((p.Step, evaluation.Top1));
            best = double.IsNaN(best) ? evaluation.Top1 : Math.Max(best, evaluation.Top1);
        }

        // Plain log lines (output not a terminal) only at evaluations, not every step.
        if (!live && p.Evaluation is null)
        {
            return;
        }

        reporter.Report(new MetaSemi.Cli.Progress.TrainingProgress(p.Step, p.TotalSteps)
        {
            LabelLoss = Finite(p.LabelLoss),
            UnlabelLoss = Finite(p.UnlabelLoss),
            InterpLoss = Finite(p.InterpLoss),
            LabelAccuracy = Finite(p.LabelAccuracy),
            UnlabelAccuracy = Finite(p.UnlabelAccuracy),
            LearningRate = p.LearningRate,
            TestAccuracy = p.Evaluation?.Top1 ?? (curve.Count > 0 ? curve[^1].Accuracy : null),
            BestTestAccuracy = double.IsNaN(best) ? null : best,
            ImagesPerStep = supervised ? QuickStartSettings.BatchSize : 2 * QuickStartSettings.BatchSize,
        });
    });

    var clock = Stopwatch.StartNew();
    var result = await trainer.FitAsync(settings.Steps, progress);
    reporter.WriteLine($"{name}: test accuracy {result.LastEvaluation!.Top1:P2} (best {result.BestAccuracy:P2}) in {clock.Elapsed.TotalSeconds:F0} s");
    return new QuickStartRun(name, result, clock.Elapsed.TotalSeconds, curve);
}

static double? Finite(double value) => double.IsFinite(value) ? value : null;
