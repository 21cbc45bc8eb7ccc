using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MetaSemi.Cli.Progress;

/// <summary>A Spectre.Console live display: title and bar, step / images/s / ETA, then the losses and accuracies.</summary>
internal sealed class LiveProgressReporter : IProgressReporter
{
    private const int BarWidth = 40;
    private readonly IAnsiConsole _console;
    private readonly string _title;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ProgressRate _rate = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _display;
    private LiveDisplayContext? _context;
    private bool _disposed;

    public LiveProgressReporter(IAnsiConsole console, string title, long totalSteps)
    {
        _console = console ?? throw new ArgumentNullException(nameof(console));
        _title = title;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _display = Task.Run(() => _console.Live(Render(new ConsoleProgress(0, totalSteps)))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                _context = context;
                started.SetResult();
                await _finished.Task.ConfigureAwait(false);
            }));

        // Wait until the display runs (or failed to start) so the first report is not lost.
        Task.WaitAny(started.Task, _display);
        if (_display.IsFaulted)
        {
            _display.GetAwaiter().GetResult();
        }
    }

    public void Report(ConsoleProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_gate)
        {
            _rate.Update(progress.Step, _clock.Elapsed.TotalSeconds);
            _context?.UpdateTarget(Render(progress));
            _context?.Refresh();
        }
    }

    public void WriteLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            // The line lands where the live display's first line was: pad it so no characters of that line remain.
            int width = Math.Max(1, _console.Profile.Width - 1);
            _console.WriteLine(message.Length < width ? message.PadRight(width) : message);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _finished.TrySetResult();
        _display.GetAwaiter().GetResult();
    }

    private IRenderable Render(ConsoleProgress p)
    {
        double fraction = p.TotalSteps == 0 ? 0 : Math.Clamp((double)p.Step / p.TotalSteps, 0, 1);
        int done = (int)Math.Round(fraction * BarWidth);
        var bar = $"[green]{new string('━', done)}[/][grey]{new string('━', BarWidth - done)}[/]";
        var metrics = ProgressText.Metrics(p);
        return new Rows(
            new Markup($"[bold]{Markup.Escape(_title)}[/] {bar} {Markup.Escape(ProgressText.Steps(p))}"),
            new Markup($"[grey]{Markup.Escape(ProgressText.Speed(_rate, p))}[/]"),
            new Markup(metrics.Length == 0 ? "[grey]waiting for the first step…[/]" : Markup.Escape(metrics)));
    }
}
