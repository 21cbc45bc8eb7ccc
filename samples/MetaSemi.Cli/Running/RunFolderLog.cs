using Microsoft.Extensions.Logging;

namespace MetaSemi.Cli.Running;

/// <summary>What taking the run folder did, in the run's log (source-generated messages).</summary>
internal static partial class RunFolderLog
{
    /// <summary>Logs a take-over of a dead process's lock and the leftovers deleted, if any.</summary>
    public static void Opened(ILoggerFactory loggers, RunFolder folder)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(folder);
        var logger = loggers.CreateLogger("MetaSemi.Cli.RunFolder");
        if (folder.TakenOverFrom is { } previous)
        {
            TookOver(logger, folder.Path, previous.ToString());
        }

        if (folder.DeletedLeftovers.Count > 0)
        {
            DeletedLeftovers(logger, folder.Path, string.Join(", ", folder.DeletedLeftovers));
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Run folder {Folder}: took over the lock of {Holder}, which ended without releasing it")]
    private static partial void TookOver(ILogger logger, string folder, string holder);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Run folder {Folder}: deleted {Files}, left behind by an interrupted write")]
    private static partial void DeletedLeftovers(ILogger logger, string folder, string files);

    /// <summary>Logs where a forked run's weights came from.</summary>
    public static void Forked(ILoggerFactory loggers, string checkpoint, CheckpointInfo source, string? runId)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(source);
        Forked(loggers.CreateLogger("MetaSemi.Cli.RunFolder"), runId ?? "(new)", checkpoint, source.RunId ?? "(written before run ids)", source.Step);
    }

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Run {RunId} starts from the weights of {Checkpoint} (run {SourceRunId}, step {Step}): a fork, with a fresh optimizer and schedule")]
    private static partial void Forked(ILogger logger, string runId, string checkpoint, string sourceRunId, long step);
}
