using Microsoft.Extensions.Logging;

namespace MetaSemi.Cli.Running;

/// <summary>The logger factory of a run: the run folder's log file gets everything, the console warnings and errors.</summary>
/// <remarks>The console's information lines come from the progress reporter (with rate and ETA), so they are not printed twice.</remarks>
internal static class RunLogging
{
    /// <summary>The log file's name in a run folder.</summary>
    public const string FileName = "log.txt";

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
            builder.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
            builder.AddProvider(file);
        });
    }
}
