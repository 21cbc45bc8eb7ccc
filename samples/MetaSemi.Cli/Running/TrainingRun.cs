using System.Diagnostics;
using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Plotting;
using MetaSemi.Data;
using MetaSemi.Models;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>
/// One <c>train</c> or <c>train-baseline</c> run (an in-memory data set or image folders): take the run folder
/// (<see cref="RunFolder"/>), load, split, record <c>label_indices.txt</c> and <c>args.json</c>, build the trainer from the flags, train with
/// progress, redraw the learning curve at each evaluation, print a summary line. Under <c>mpiexec</c>
/// (several ranks) each rank trains on its shard and only rank 0 writes the run folder and prints.
/// </summary>
internal static class TrainingRun
{
    public static async Task<int> RunAsync<TOptions>(TrainingRunSettings s, TOptions options, CliContext context, CancellationToken cancellationToken)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(context);
        DatasetInputs.RequireArchitecture(s.Arch);
        using var launch = DistributedLaunch.Detect();
        bool folderExisted = Directory.Exists(s.SavePath);
        try
        {
            return await RunAsync(s with { Device = launch.Device(s.Device) }, options, context, launch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (launch.IsDistributed && e is not OperationCanceledException)
        {
            launch.AbortJob(context.Error, e, CliApplication.FailureExitCode);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException && launch.IsWriter)
        {
            // Here, not in the filter: the run's log and lock are closed by now. The error stays the one line the console shows.
            FailedRunFolder.RemoveIfNothingTrained(s.SavePath, folderExisted);
            throw;
        }
    }

    private static async Task<int> RunAsync<TOptions>(TrainingRunSettings s, TOptions options, CliContext context, DistributedLaunch launch, CancellationToken cancellationToken)
        where TOptions : class
    {
        var clock = Stopwatch.StartNew();
        _ = TorchDevices.Resolve(s.Device); // an unavailable device fails before any data is read or written
        if (s.Threads > 0)
        {
            torch.set_num_threads(s.Threads);
        }

        var lineage = RunLineage.Decide(s.SavePath, s.Resume, s.InitFrom);
        s = s with { RunId = lineage.RunId };
        using var folder = RunFolder.Open(s.SavePath, s.Resume, launch.IsWriter);
        using var loggers = RunLogging.Create(s.SavePath, writeFile: launch.IsWriter);
        RunFolderLog.Opened(loggers, folder);
        try
        {
            var (splitter, splitSource) = ChooseSplitter(s);
            using var inputs = TrainingData.Open(s, splitter, StreamOptions(s, launch));
            var split = inputs.Split;
            folder.RecordSplit(split, resuming: s.Resume is not null, splitSource);
            folder.RecordArguments(options, resuming: s.Resume is not null);
            if (launch.IsWriter)
            {
                RunModelFile.WriteSkipped(s, inputs);
            }

            // The zoo initialises weights from torch's global generator: seed it first (a resumed run loads its weights anyway).
            torch.manual_seed(s.Seed);
            using var model = DatasetInputs.CreateModel(s.Arch, inputs.NumClasses, inputs.Channels, ModelOptions(s, inputs));
            if (s.InitFrom is { } initFrom)
            {
                RunLineage.LoadInitialWeights(initFrom, model, $"-a/--arch {s.Arch} on {s.Dataset}");
                RunFolderLog.Forked(loggers, initFrom, lineage.ForkedFrom!, s.RunId);
            }
            var data = inputs.Data;
            var builder = SemiSupervisedTrainer.Create(TrainerOptions.For(s))
                .UseAlgorithm(s.Algorithm, s.AlgorithmOptions())
                .WithModel(model)
                .WithData(data.Train, data.Test)
                .WithModelFile(RunModelFile.Describe(s, inputs) with { ArchitectureArguments = ModelZoo.ArchitectureArguments(model) })
                .WithLogging(loggers, s.PrintFreq);
            using var trainer = (launch.IsDistributed ? builder.WithDistributed(launch.Communicator) : builder).Build();
            string title = $"{s.Method} {s.Dataset} {(s.NumLabel > 0 ? s.NumLabel : split.Labeled.Count)} labels {s.Arch}";
            if (launch.IsWriter)
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{title}: {split.Labeled.Count} labelled, {split.Unlabeled.Count} unlabelled, {inputs.TestCount} test images; run folder {s.SavePath}{Ranks(launch)}"));
            }

            var requirements = trainer.Algorithm.Requirements;
            var imagesPerStep = (s.BatchSize + (requirements.UsesUnlabeledData ? requirements.UnlabeledRatio * s.BatchSize : 0)) * launch.Size;
            return await FitAsync(trainer, new FitSettings(title, s.SavePath, s.TotalSteps, s.PrintFreq, imagesPerStep, s.Resume, $"-a/--arch {s.Arch} on {s.Dataset}", launch.IsWriter),
                context, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The console gets the CLI's one line; the run folder's log keeps it too.
            RunLogging.Failed(loggers, e);
            throw;
        }
    }

    /// <summary>
    /// The training stream's options: the shard of a distributed run, and the unlabelled views and μ the algorithm
    /// reads (<see cref="PairedStreamOptions.Require"/>); unchanged for algorithms that read one weak view at μ 1.
    /// </summary>
    private static PairedStreamOptions? StreamOptions(TrainingRunSettings s, DistributedLaunch launch)
    {
        // The streams carry what the algorithm reads: μ × the labelled batch, and its unlabelled views (weak, strong, …).
        var requirements = s.Requirements;
        bool plain = requirements.UnlabeledRatio == 1 && requirements.UnlabeledViews.SequenceEqual([ViewNames.Weak]);
        return !requirements.UsesUnlabeledData || plain ? launch.StreamOptions : (launch.StreamOptions ?? new PairedStreamOptions()).Require(requirements);
    }

    /// <summary>The run line's note on the ranks of a distributed run (nothing alone).</summary>
    internal static string Ranks(DistributedLaunch launch) => launch.IsDistributed
        ? string.Create(CultureInfo.InvariantCulture, $"; {launch.Size} ranks ({launch.LocalSize} on this machine, {torch.get_num_threads()} threads each), batch size per rank")
        : string.Empty;

    /// <summary>How one fit is shown and where its run folder is; only the writer (rank 0) shows progress and draws.</summary>
    internal sealed record FitSettings(string Title, string RunFolder, long TotalSteps, int PrintFreq, int ImagesPerStep, string? Resume, string ModelDescription, bool IsWriter = true);

    /// <summary>Trains with a progress display and the learning curve, then prints the summary line; returns the exit code.</summary>
    internal static async Task<int> FitAsync(SemiSupervisedTrainer trainer, FitSettings f, CliContext context, Stopwatch clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clock);
        TrainingResult result;
        if (!f.IsWriter)
        {
            result = await trainer.FitAsync(f.TotalSteps, null, cancellationToken).ConfigureAwait(false);
            return result.Cancelled ? CliApplication.CancelledExitCode : 0;
        }

        bool trained;
        using (var reporter = context.CreateProgressReporter(f.Title, f.TotalSteps))
        {
            var bridge = new TrainingProgressBridge(reporter, f.RunFolder, f.Title, f.PrintFreq, f.ImagesPerStep, reporter is Progress.LiveProgressReporter ? TimeSpan.FromSeconds(1) : null);
            try
            {
                result = await trainer.FitAsync(f.TotalSteps, bridge, cancellationToken).ConfigureAwait(false);
                trained = bridge.StepsSeen > 0;
            }
            catch (InvalidDataException e) when (f.Resume is not null)
            {
                throw new CliUserException(Checkpoint.IsModelMismatch(e)
                    ? $"--resume '{f.Resume}' does not fit {f.ModelDescription} (is it a checkpoint of another architecture or data set?): {e.Message}"
                    : $"--resume '{f.Resume}' cannot be resumed: {e.Message}", e);
            }
        }

        if (f.Resume is not null && !trained && !result.Cancelled && result.Steps >= f.TotalSteps)
        {
            // Nothing was trained: the checkpoint is at or past --total-steps.
            if (result.Steps > f.TotalSteps)
            {
                throw new CliUserException(string.Create(CultureInfo.InvariantCulture,
                    $"--total-steps {f.TotalSteps} is below the step of --resume '{f.Resume}' ({result.Steps}): nothing was trained; give a --total-steps above {result.Steps} to train on."));
            }

            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{f.Title}: --resume '{f.Resume}' is at step {result.Steps}, which is --total-steps: the run is complete, nothing was trained."));
            return 0;
        }

        if (File.Exists(Path.Combine(f.RunFolder, MetricsCsvWriter.FileName)))
        {
            LearningCurvePlot.Refresh(f.RunFolder, f.Title);
        }

        var after = result.ModelFilePath is { } modelFile ? "; model file " + modelFile : string.Empty;
        var last = result.LastEvaluation is { } evaluation ? evaluation.Top1.ToString("P2", CultureInfo.InvariantCulture) : "n/a";
        var best = double.IsNaN(result.BestAccuracy) ? "no evaluation yet" : string.Create(CultureInfo.InvariantCulture, $"best {result.BestAccuracy:P2} at step {result.BestStep}");
        var top5 = result.LastEvaluation?.Top5 is double t5 ? ", top-5 " + t5.ToString("P2", CultureInfo.InvariantCulture) : string.Empty;
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{f.Title}: {result.Steps} steps{(result.Cancelled ? " (cancelled)" : string.Empty)}, test accuracy {last}{top5}, {best}, {clock.Elapsed.TotalSeconds:F1} s; checkpoint {result.CheckpointPath ?? "none"}{after}"));
        return result.Cancelled ? CliApplication.CancelledExitCode : 0;
    }

    /// <summary>
    /// What the zoo needs beyond classes and channels: for the pretrained network its side (--image-size; else 64 for
    /// images of 32 px or less, the decoded size for photos), the data's normalisation (undone inside the network) and
    /// the fine-tuning flags. A resumed run reads its weights from the checkpoint, so it skips reading the ImageNet file.
    /// </summary>
    internal static ZooModelOptions ModelOptions(TrainingRunSettings s, TrainingData inputs)
    {
        var p = inputs.Preprocessing;
        return new ZooModelOptions
        {
            ImageSize = s.ImageSize ?? (p.ImageSize <= 32 ? 64 : p.ImageSize),
            InputMean = p.Mean,
            InputStd = p.Std,
            FineTuning = s.FineTuning,
            LoadPretrainedWeights = s.Resume is null && s.InitFrom is null,
        };
    }

    /// <summary>How many labelled indices a given file must hold: --num-label, unless it is 0 (every image labelled, no count).</summary>
    private static int? ExpectedCount(TrainingRunSettings s) => s.NumLabel > 0 ? s.NumLabel : null;

    /// <summary>The run's split and where it comes from (named by errors): --label-indices, the file beside the resumed checkpoint, or the seed.</summary>
    private static (IDatasetSplitter Splitter, string Source) ChooseSplitter(TrainingRunSettings s)
    {
        if (s.LabelIndices is { } given)
        {
            return (FixedIndicesSplitter.FromFile(given, ExpectedCount(s)), $"--label-indices '{given}'");
        }

        // A resumed run keeps the labelled subset it started with, which sits next to its checkpoint.
        if (s.Resume is { } resume && Path.Combine(Path.GetDirectoryName(Path.GetFullPath(resume))!, LabelIndicesFile.FileName) is var beside && File.Exists(beside))
        {
            return (FixedIndicesSplitter.FromFile(beside, ExpectedCount(s)), $"'{beside}' beside --resume");
        }

        return s.NumLabel == 0
            ? (new AllLabeledSplitter(), "every training image (--num-label 0)")
            : (new ClassBalancedSplitter(s.NumLabel, s.Seed), string.Create(CultureInfo.InvariantCulture, $"the class-balanced split of --num-label {s.NumLabel} with --seed {s.Seed}"));
    }
}
