using Microsoft.Extensions.Logging;

namespace MetaSemi;

/// <summary>The trainer's structured log messages (source-generated, no allocation when disabled).</summary>
internal static partial class TrainerLog
{
    /// <summary>A fit's first lines: what trains from where to where, a warm-up longer than the run, the ranks.</summary>
    public static void FitStarting(ILogger logger, TrainerSetup setup, long step, long totalSteps, string device, DataParallelSync? sync, int convertedNorms)
    {
        var options = setup.Options;
        Starting(logger, setup.Algorithm.Name, step, totalSteps, device, options.Seed, setup.Algorithm.Requirements.UsesUnlabeledData);
        if (setup.ScheduleFromOptions && options.Schedule.WarmupSteps >= totalSteps && totalSteps > step)
        {
            WarmupLongerThanRun(logger, options.Schedule.WarmupSteps, totalSteps);
        }

        if (sync is not null)
        {
            Distributed(logger, sync.Rank, sync.Size, setup.SyncBatchNorm, convertedNorms);
        }

        if (options.Precision == Precision.Float32 && device.StartsWith("cpu", StringComparison.Ordinal) && NarrowConvolutions.Find(setup.Model) is { Count: > 0 } narrow)
        {
            NarrowConvolutionsFound(logger, narrow.Count, NarrowConvolutions.Describe(narrow), NarrowConvolutions.ChannelBlock);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Training {Algorithm} from step {Step} to {TotalSteps} on {Device} (seed {Seed}, unlabelled data {UseUnlabeledData})")]
    public static partial void Starting(ILogger logger, string algorithm, long step, long totalSteps, string device, int seed, bool useUnlabeledData);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Step {Step}/{TotalSteps} {Metrics} data {DataSeconds:F3}s compute {ComputeSeconds:F3}s")]
    public static partial void Step(ILogger logger, long step, long totalSteps, string metrics, double dataSeconds, double computeSeconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Evaluation at step {Step}: top-1 {Top1:P2} top-5 {Top5} on {Count} images (best {Best:P2} at step {BestStep})")]
    public static partial void Evaluated(ILogger logger, long step, double top1, string top5, int count, double best, long bestStep);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Checkpoint written: {Path} (step {Step})")]
    public static partial void CheckpointWritten(ILogger logger, string path, long step);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Resumed from {Path} at step {Step} (best {Best:P2}, stream position {Position})")]
    public static partial void Resumed(ILogger logger, string path, long step, double best, long position);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Training cancelled at step {Step}")]
    public static partial void Cancelled(ILogger logger, long step);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information,
        Message = "Data-parallel training: rank {Rank} of {Size}, SyncBatchNorm {SyncBatchNorm} ({Converted} BatchNorm2d layers converted)")]
    public static partial void Distributed(ILogger logger, int rank, int size, bool syncBatchNorm, int converted);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "TensorBoard output disabled: {Reason}")]
    public static partial void TensorBoardUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning,
        Message = "The learning rate's warm-up lasts {WarmupSteps} steps (Options.Schedule, the reference's CIFAR recipe), but this run ends at step {Steps}: it never trains at the full rate and barely learns. Give a schedule that fits the run, e.g. WithSchedule(Schedules.WarmupCosine(0, {Steps}))")]
    public static partial void WarmupLongerThanRun(ILogger logger, long warmupSteps, long steps);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning,
        Message = "The model has {Count} convolutions with a 3×3 or larger kernel and a channel count that is not a multiple of {Block}: {Layers}. On the CPU libtorch 2.10's oneDNN kernels have been measured to compute wrong gradients through such a convolution (docs/reliability.md, \"Narrow convolutions\"); give them a multiple of {Block} channels")]
    public static partial void NarrowConvolutionsFound(ILogger logger, int count, string layers, int block);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "{Path} {Found}, but the checkpoint says it holds step {Step}, the checkpoint's own: copied from the checkpoint again")]
    public static partial void ModelBestRebuilt(ILogger logger, string path, string found, long step);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "{Path} {Found}, but the checkpoint says it holds the best evaluation's model of step {BestStep}, which the checkpoint (step {Step}) cannot rebuild: it is not the best model; the next best evaluation rewrites it")]
    public static partial void ModelBestStale(ILogger logger, string path, string found, long bestStep, long step);
}
