using MetaSemi.Cli.Progress;
using Spectre.Console;

namespace MetaSemi.Cli.Commands;

/// <summary>Where a command writes: a Spectre console for tables and live progress, plain writers for text.</summary>
internal sealed record CliContext(IAnsiConsole Console, TextWriter Output, TextWriter Error, bool Verbose)
{
    /// <summary>The process's own console and streams.</summary>
    public static CliContext ForProcess(bool verbose = false) => new(AnsiConsole.Console, System.Console.Out, System.Console.Error, verbose);

    /// <summary>A live progress display on a terminal, plain log lines when output is redirected.</summary>
    public IProgressReporter CreateProgressReporter(string title, long totalSteps) =>
        ProgressReporterFactory.Create(Console, Output, title, totalSteps);
}
