// MetaSemi.NET quick start: a few labels and many unlabelled images of the shipped Fashion-MNIST
// subset. Trains the supervised baseline, FlexMatch and MetaSemi on the same labels, network and step
// budget, then prints a table and draws the test-accuracy curves.
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

const int UnlabeledRatio = 2;    // μ of FlexMatch: unlabelled images per labelled one (USB's 7 costs 3.5× more per step on a CPU)
const double EmaDecay = 0.99;    // USB's 0.999 averages over ~1 000 steps: half of this whole run

var dataFolder = Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-small");
using var train = DatasetLoader.Load("fashion-mnist", dataFolder, train: true);
using var test = DatasetLoader.Load("fashion-mnist", dataFolder, train: false);
var split = new ClassBalancedSplitter(numLabels: settings.LabelsPerClass * train.NumClasses, seed: settings.Seed).Split(train);
Directory.CreateDirectory(settings.OutputFolder);
var dataset = KnownDatasets.Get("fashion-mnist");

Console.WriteLine($"MetaSemi.NET quick start: Fashion-MNIST subset ({train.Count} train / {test.Count} test images), "
    + $"{split.Labeled.Count} labels ({settings.LabelsPerClass} per class), {split.Unlabeled.Count} unlabelled");
Console.WriteLine($"network small-cnn, {settings.Steps} steps per method, batch {QuickStartSettings.BatchSize} labelled "
    + $"(+ {QuickStartSettings.BatchSize} unlabelled for MetaSemi, + {UnlabeledRatio * QuickStartSettings.BatchSize} weak and strong views for FlexMatch), "
    + $"seed {settings.Seed}, torch threads {TorchSharp.torch.get_num_threads()}");

// Ctrl+C: the method in training stops after its step and writes its checkpoint; the finished methods are still shown.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var runs = new List<QuickStartRun>();
var estimate = new QuickStartEstimate(settings.Steps, settings.Steps / QuickStartSettings.EvaluationInterval(settings.Steps), TorchSharp.torch.get_num_threads());
foreach (var method in Enum.GetValues<QuickStartMethod>())
{
    var run = await Train(method, cancel.Token);
    if (run.Result.Cancelled)
    {
        Console.WriteLine($"cancelled: {run.Name} stopped at step {run.Result.Steps} of {settings.Steps} (its checkpoint is in {Path.GetFullPath(Path.Combine(settings.OutputFolder, run.Folder))}); "
            + $"{(runs.Count == 0 ? "no method had finished" : $"finished: {string.Join(", ", runs.Select(r => $"{r.Name} {r.Result.BestAccuracy:P2} best"))}")}. "
            + "A shorter run: -- --steps N.");
        return 130;
    }

    runs.Add(run);
    estimate.Finished(method, run.Seconds);
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

async Task<QuickStartRun> Train(QuickStartMethod method, CancellationToken cancellationToken)
{
    TorchSharp.torch.manual_seed(settings.Seed);
    using var model = ModelZoo.SmallCnn(numClasses: train.NumClasses, inputChannels: 1);
    long steps = settings.Steps;
    long warmup = Math.Max(1, steps / 10);
    var builder = SemiSupervisedTrainer.Create()
        .WithModel(model)
        .WithSeed(settings.Seed)
        .WithEvaluation(QuickStartSettings.EvaluationInterval(steps));

    // Each method with its own paper's recipe: USB's for supervised and FlexMatch (SGD Nesterov, lr 0.03,
    // weight decay 5e-4, cosine decay), the MetaSemi paper's for MetaSemi (lr 0.1 with warm-up and a step decay).
    var (name, folderName) = method switch
    {
        QuickStartMethod.Supervised => ("supervised (mixup)", "supervised"),
        QuickStartMethod.FlexMatch => ($"FlexMatch (μ {UnlabeledRatio})", "flexmatch"),
        _ => ("MetaSemi (finite diff.)", "metasemi"),
    };
    (string Algorithm, IAlgorithmOptions Options) choice = method switch
    {
        QuickStartMethod.Supervised => (SupervisedAlgorithm.AlgorithmName, new SupervisedOptions { Mixup = new MixupOptions { Enabled = true, Alpha = 1.0 } }),
        QuickStartMethod.FlexMatch => (FlexMatch.AlgorithmName, new FlexMatchOptions { UnlabeledRatio = UnlabeledRatio, EmaDecay = EmaDecay }),
        _ => (MetaSemiAlgorithm.AlgorithmName, new MetaSemiAlgorithmOptions
        {
            MetaGradient = new MetaGradientOptions { Method = MetaGradientMethod.FiniteDifference },
            Mixup = new MixupOptions { Enabled = true, Alpha = 1.0 },
            Consistency = new ConsistencyOptions { Weight = 1.0, RampSteps = warmup },
        }),
    };
    builder.UseAlgorithm(choice.Algorithm, choice.Options);
    if (method == QuickStartMethod.MetaSemi)
    {
        builder.WithOptimizer(lr: 0.1, momentum: 0.9, weightDecay: 5e-4).WithSchedule(Schedules.WarmupMultiStep(warmup, [steps * 3 / 4], 0.1));
    }
    else
    {
        builder.WithOptimizer(lr: 0.03, momentum: 0.9, weightDecay: 5e-4).WithNesterov().WithSchedule(Schedules.WarmupCosine(0, steps));
    }

    var requirements = AlgorithmRegistry.Default.Get(choice.Algorithm).Create(choice.Options).Requirements;
    var streamOptions = new PairedStreamOptions().Require(requirements);
    using var data = method == QuickStartMethod.Supervised
        ? SemiSupervisedData.CreateSupervised(train, test, split, QuickStartSettings.BatchSize, dataset.CreateAugmentation(), settings.Seed)
        : SemiSupervisedData.Create(train, test, split, QuickStartSettings.BatchSize, dataset.CreateAugmentation(), settings.Seed, streamOptions);
    string folder = Path.Combine(settings.OutputFolder, folderName);
    if (Directory.Exists(folder))
    {
        Directory.Delete(folder, recursive: true);
    }

    using var trainer = builder.WithData(data.Train, data.Test).WithCheckpoints(folder).Build();

    var curve = new List<(long Step, double Accuracy)>();
    double best = double.NaN;
    using var reporter = ProgressReporterFactory.Create(AnsiConsole.Console, Console.Out, name, steps);
    bool live = ProgressReporterFactory.IsLiveTerminal(AnsiConsole.Console);
    int imagesPerStep = QuickStartSettings.BatchSize * (1 + (requirements.UsesUnlabeledData ? requirements.UnlabeledRatio * requirements.UnlabeledViews.Count : 0));
    var clock = new Stopwatch();
    var progress = new SynchronousProgress<MetaSemi.TrainingProgress>(p =>
    {
        if (estimate.Observe(method, p.Step, p.Evaluation is not null, clock.Elapsed.TotalSeconds) is { } line)
        {
            reporter.WriteLine(line);
        }

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

        reporter.Report(MetaSemi.Cli.Progress.ConsoleProgress.FromStep(
            p, p.Evaluation?.Top1 ?? (curve.Count > 0 ? curve[^1].Accuracy : null), double.IsNaN(best) ? null : best, imagesPerStep));
    });

    clock.Start();
    var result = await trainer.FitAsync(steps, progress, cancellationToken);
    if (!result.Cancelled)
    {
        reporter.WriteLine($"{name}: test accuracy {result.LastEvaluation!.Top1:P2} (best {result.BestAccuracy:P2}) in {clock.Elapsed.TotalSeconds:F0} s");
    }

    return new QuickStartRun(name, result, clock.Elapsed.TotalSeconds, curve) { Folder = folderName };
}

