using System.Diagnostics;

namespace MetaSemi.Cli.Progress;

/// <summary>One log line per report, for redirected output (files, CI logs) where a live display would be noise.</summary>
internal sealed class PlainProgressReporter(TextWriter output, string title) : IProgressReporter
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ProgressRate _rate = new();
    private readonly Lock _gate = new();

    public void Report(ConsoleProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_gate)
        {
            _rate.Update(progress.Step, _clock.Elapsed.TotalSeconds);
            var metrics = ProgressText.Metrics(progress);
            output.WriteLine($"[{title}] {ProgressText.Steps(progress)}{(metrics.Length > 0 ? " | " + metrics : string.Empty)} | {ProgressText.Speed(_rate, progress)}");
        }
    }

    public void WriteLine(string message)
    {
        lock (_gate)
        {
            output.WriteLine($"[{title}] {message}");
        }
    }

    public void Dispose() => output.Flush();
}
