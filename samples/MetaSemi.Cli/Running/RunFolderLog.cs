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
}
