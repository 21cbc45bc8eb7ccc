using Microsoft.Extensions.Logging;

namespace MetaSemi.Cli.Running;

/// <summary>The logger factory of a run: the run folder's log file gets everything, the console warnings and errors.</summary>
/// <remarks>The console's information lines come from the progress reporter (with rate and ETA), so they are not printed twice.</remarks>
internal static partial class RunLogging
{
    /// <summary>The log file's name in a run folder.</summary>
    public const string FileName = "log.txt";

    /// <summary>The category of <see cref="Failed"/>: the log file only, the console shows the CLI's own error line.</summary>
    public const string FailureCategory = "MetaSemi.Cli.Failure";

    public static ILoggerFactory Create(string runFolder, bool writeFile = true)
    {
        if (!writeFile)
        {
            // Ranks other than 0 of a distributed run leave the run folder to rank 0: console warnings only.
            return LoggerFactory.Create(builder =>
            {
                builder.AddSimpleConsole(o => o.SingleLine = true);
                builder.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
            });
        }

        Directory.CreateDirectory(runFolder);
        var file = new FileLoggerProvider(Path.Combine(runFolder, FileName));
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Information);
            builder.AddSimpleConsole(o => o.SingleLine = true);
            builder.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>((category, level) => level >= LogLevel.Warning && category != FailureCategory);
            builder.AddProvider(file);
        });
    }

    /// <summary>Writes the error that ends a run to the run's log file (the console gets it from the CLI's last line).</summary>
    public static void Failed(ILoggerFactory loggers, Exception error)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!message.Contains(inner.Message, StringComparison.Ordinal))
            {
                message += $" ({inner.Message})";
            }
        }

        RunFailed(loggers.CreateLogger(FailureCategory), message, error);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Run failed: {Message}")]
    private static partial void RunFailed(ILogger logger, string message, Exception error);
}
