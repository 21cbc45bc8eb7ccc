using System.Diagnostics;
using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>
/// <c>metasemi train-imagenet</c>: labelled / unlabelled / val parts from RecordIO packs
/// (<c>train_label</c>, <c>train_unlabel</c>, <c>val</c>) or image folders (<c>labeled/</c>, <c>unlabeled/</c>,
/// <c>val/</c>), random-resized crops, the warm-up cosine schedule over epochs (an epoch is one pass over
/// the unlabelled part, over the labelled part for --baseline), evaluation with top-1/top-5 after each epoch.
/// Under <c>mpiexec</c> each rank trains on its shard (an epoch, one pass by all ranks together, has
/// 1/ranks the steps) and only rank 0 writes the run folder.
/// </summary>
internal sealed class TrainImageNetHandler : ICommandHandler<TrainImageNetCommandOptions>
{
    public async Task<int> RunAsync(TrainImageNetCommandOptions o, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(context);
        DatasetInputs.RequireArchitecture(o.Arch);
        using var launch = DistributedLaunch.Detect();
        bool folderExisted = Directory.Exists(o.SavePath);
        try
        {
            return await RunAsync(o with { Device = launch.Device(o.Device) }, context, launch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (launch.IsDistributed && e is not OperationCanceledException)
        {
            launch.AbortJob(context.Error, e, CliApplication.FailureExitCode);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException && launch.IsWriter)
        {
            // Here, not in the filter: the run's log and lock are closed by now. The error stays the one line the console shows.
            FailedRunFolder.RemoveIfNothingTrained(o.SavePath, folderExisted);
            throw;
        }
    }

    private static async Task<int> RunAsync(TrainImageNetCommandOptions o, CliContext context, DistributedLaunch launch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _ = TorchDevices.Resolve(o.Device); // an unavailable device fails before any data is read or written
        var lineage = RunLineage.Decide(o.SavePath, o.Resume, initFrom: null);
        using var folder = RunFolder.Open(o.SavePath, o.Resume, launch.IsWriter);
        var format = o.Format == ImageNetFormat.Auto
            ? (File.Exists(Path.Combine(o.Data, "train_label.rec")) ? ImageNetFormat.RecordIO : ImageNetFormat.Folder)
            : o.Format;
        var disposables = new List<IDisposable>();
        try
        {
            var labeled = Open(o.Data, format, "train_label", "labeled", null, disposables);
            var unlabeled = Open(o.Data, format, "train_unlabel", "unlabeled", labeled.ClassNames, disposables);
            var val = Open(o.Data, format, "val", "val", labeled.ClassNames, disposables);
            var train = new ConcatenatedImageSet(labeled, unlabeled);
            var split = train.Split();

            folder.RecordArguments(o, resuming: o.Resume is not null);

            torch.manual_seed(o.Seed);
            using var model = DatasetInputs.CreateModel(o.Arch, train.NumClasses, 3);
            var info = KnownDatasets.Folder;
            using var data = o.Baseline
                ? SemiSupervisedData.CreateSupervised(info.CreateEncodedImages(train), info.CreateEncodedImages(val), split, o.BatchSize, o.Seed, launch.StreamOptions)
                : SemiSupervisedData.Create(info.CreateEncodedImages(train), info.CreateEncodedImages(val), split, o.BatchSize, o.Seed, launch.StreamOptions);
            using var loggers = RunLogging.Create(o.SavePath, writeFile: launch.IsWriter);
            RunFolderLog.Opened(loggers, folder);

            // An epoch is one pass over the data by all ranks together: each step draws one batch per rank.
            long epochImages = o.Baseline ? labeled.Count : unlabeled.Count;
            long imagesPerGlobalStep = (long)o.BatchSize * launch.Size;
            long stepsPerEpoch = Math.Max(1, (epochImages + imagesPerGlobalStep - 1) / imagesPerGlobalStep);
            long totalSteps = stepsPerEpoch * o.Epochs;
            var imageNetOptions = TrainerOptions.ForImageNet(o, stepsPerEpoch);
            imageNetOptions.RunId = lineage.RunId;
            var (algorithm, algorithmOptions) = TrainerOptions.ImageNetAlgorithm(o);
            var builder = SemiSupervisedTrainer.Create(imageNetOptions)
                .UseAlgorithm(algorithm, algorithmOptions)
                .WithModel(model)
                .WithData(data.Train, data.Test)
                .WithLogging(loggers, o.PrintFreq);
            using var trainer = (launch.IsDistributed ? builder.WithDistributed(launch.Communicator) : builder).Build();
            string title = $"{(o.Baseline ? "baseline" : "meta")} imagenet ({format}) {o.Arch}";
            if (launch.IsWriter)
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{title}: {labeled.Count} labelled, {unlabeled.Count} unlabelled, {val.Count} val images of {train.NumClasses} classes; {o.Epochs} epochs of {stepsPerEpoch} steps; run folder {o.SavePath}{TrainingRun.Ranks(launch)}"));
            }

            var imagesPerStep = (o.Baseline && !o.MixUp ? o.BatchSize : 2 * o.BatchSize) * launch.Size;
            try
            {
                return await TrainingRun.FitAsync(trainer, new TrainingRun.FitSettings(title, o.SavePath, totalSteps, o.PrintFreq, imagesPerStep, o.Resume, $"-a/--arch {o.Arch}", launch.IsWriter),
                    context, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                RunLogging.Failed(loggers, e);
                throw;
            }
        }
        finally
        {
            foreach (var d in disposables)
            {
                d.Dispose();
            }
        }
    }

    private static EncodedImageSet Open(string data, ImageNetFormat format, string pack, string folder, IReadOnlyList<string>? classNames, List<IDisposable> disposables)
    {
        if (format == ImageNetFormat.RecordIO)
        {
            var prefix = Path.Combine(data, pack);
            if (!File.Exists(prefix + ".rec"))
            {
                throw new CliUserException($"--data '{data}': no {pack}.rec (looked for {pack}.rec, {pack}.idx, {pack}.lst; make them with 'metasemi im2rec').");
            }

            var set = RecordIOImageSet.Open(prefix, classNames);
            disposables.Add(set);
            return set;
        }

        var root = Path.Combine(data, folder);
        if (!Directory.Exists(root))
        {
            throw new CliUserException($"--data '{data}': no {folder}/ folder (expected labeled/, unlabeled/ and val/ with one sub-folder per class, or train_label/train_unlabel/val RecordIO packs).");
        }

        return ImageFolder.Open(root, classNames);
    }
}
