using System.Diagnostics;
using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Plotting;
using MetaSemi.Data;
using MetaSemi.Scheduling;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>
/// One <c>train</c> or <c>train-baseline</c> run on an in-memory data set: load, split, write
/// <c>label_indices.txt</c> and <c>args.json</c>, build the trainer from the flags, train with
/// progress, redraw the learning curve at each evaluation, print a summary line.
/// </summary>
internal static class TrainingRun
{
    public static async Task<int> RunAsync<TOptions>(TrainingRunSettings s, TOptions options, CliContext context, CancellationToken cancellationToken)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        DatasetInputs.RequireArchitecture(s.Arch);
        using var train = DatasetInputs.Load(s.Dataset, s.DataPath, train: true);
        using var test = DatasetInputs.Load(s.Dataset, s.DataPath, train: false);
        var split = ChooseSplitter(s).Split(train);

        Directory.CreateDirectory(s.SavePath);
        split.WriteLabelIndices(Path.Combine(s.SavePath, LabelIndicesFile.FileName));
        CommandOptionsJson.Write(options, Path.Combine(s.SavePath, CommandOptionsJson.FileName));

        // The zoo initialises weights from torch's global generator: seed it first (a resumed run loads its weights anyway).
        torch.manual_seed(s.Seed);
        using var model = DatasetInputs.CreateModel(s.Arch, train.NumClasses, train.Channels);
        var augmentation = KnownDatasets.Get(s.Dataset).CreateAugmentation();
        using var data = s.IsBaseline
            ? SemiSupervisedData.CreateSupervised(train, test, split, s.BatchSize, augmentation, s.Seed)
            : SemiSupervisedData.Create(train, test, split, s.BatchSize, augmentation, s.Seed);
        using var loggers = RunLogging.Create(s.SavePath);

        var builder = SemiSupervisedTrainer.Create()
            .WithModel(model)
            .WithData(data.Train, data.Test)
            .WithOptimizer(s.Lr, s.Momentum, s.WeightDecay)
            .WithSchedule(Schedules.WarmupMultiStep(s.Warmup, [.. s.Milestones.Select(m => (long)m)], s.Gamma))
            .WithDevice(s.Device)
            .WithSeed(s.Seed)
            .WithLogging(loggers, s.PrintFreq)
            .WithCheckpoints(s.SavePath, s.Resume)
            .WithEvaluation(s.TestFreq, ReferenceDefaults.TestBatchSize);
        builder = s.MixUp ? builder.WithMixup(s.Alpha) : builder.WithoutMixup();
        if (s.IsBaseline)
        {
            builder = builder.WithoutUnlabeledData();
        }
        else
        {
            builder = builder
                .WithMetaGradient(o =>
                {
                    o.Method = (MetaSemi.Algorithms.MetaGradientMethod)(int)s.MetaGradient;
                    o.Epsilon = s.Epsilon;
                })
                .WithConsistencyWeight(s.Weight, s.Warmup);
        }

        using var trainer = builder.Build();
        string title = $"{s.Method} {s.Dataset} {s.NumLabel} labels {s.Arch}";
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {split.Labeled.Count} labelled, {split.Unlabeled.Count} unlabelled, {test.Count} test images; run folder {s.SavePath}"));
        TrainingResult result;
        var bridgeImages = s.IsBaseline && !s.MixUp ? s.BatchSize : 2 * s.BatchSize;
        using (var reporter = context.CreateProgressReporter(title, s.TotalSteps))
        {
            var bridge = new TrainingProgressBridge(reporter, s.SavePath, title, s.PrintFreq, bridgeImages);
            try
            {
                result = await trainer.FitAsync(s.TotalSteps, bridge, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e) when (s.Resume is not null)
            {
                throw new CliUserException($"--resume '{s.Resume}' does not fit -a/--arch {s.Arch} on {s.Dataset} (is it a checkpoint of another architecture or data set?): {e.Message}", e);
            }
        }

        if (File.Exists(Path.Combine(s.SavePath, MetricsCsv.FileName)))
        {
            LearningCurvePlot.Refresh(s.SavePath, title);
        }

        var last = result.LastEvaluation is { } evaluation ? evaluation.Top1.ToString("P2", CultureInfo.InvariantCulture) : "n/a";
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {result.Steps} steps{(result.Cancelled ? " (cancelled)" : string.Empty)}, test accuracy {last}, best {result.BestAccuracy:P2} at step {result.BestStep}, {clock.Elapsed.TotalSeconds:F1} s; checkpoint {result.CheckpointPath ?? "none"}"));
        return result.Cancelled ? CliApplication.CancelledExitCode : 0;
    }

    private static IDatasetSplitter ChooseSplitter(TrainingRunSettings s)
    {
        if (s.LabelIndices is { } given)
        {
            return FixedIndicesSplitter.FromFile(given);
        }

        // A resumed run keeps the labelled subset it started with, which sits next to its checkpoint.
        if (s.Resume is { } resume && Path.Combine(Path.GetDirectoryName(Path.GetFullPath(resume))!, LabelIndicesFile.FileName) is var beside && File.Exists(beside))
        {
            return FixedIndicesSplitter.FromFile(beside);
        }

        return new ClassBalancedSplitter(s.NumLabel, s.Seed);
    }
}
