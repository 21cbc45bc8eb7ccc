using Spectre.Console;

namespace MetaSemi.Cli.Progress;

/// <summary>Picks the live display on an interactive ANSI terminal, plain log lines otherwise.</summary>
internal static class ProgressReporterFactory
{
    public static IProgressReporter Create(IAnsiConsole console, TextWriter plainOutput, string title, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(console);
        return IsLiveTerminal(console) ? new LiveProgressReporter(console, title, totalSteps) : new PlainProgressReporter(plainOutput, title);
    }

    public static bool IsLiveTerminal(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var capabilities = console.Profile.Capabilities;
        bool redirected = ReferenceEquals(console, AnsiConsole.Console) && Console.IsOutputRedirected;
        return capabilities.Interactive && capabilities.Ansi && !redirected;
    }
}
