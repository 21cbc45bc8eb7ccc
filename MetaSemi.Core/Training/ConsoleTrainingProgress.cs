using System.Diagnostics;
using System.Globalization;
using System.Text;
using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>
/// A progress display for <see cref="SemiSupervisedTrainer.FitAsync"/> on the console, with no dependency beyond
/// <see cref="TextWriter"/>. On a terminal it redraws one line (at most every <see cref="RedrawInterval"/>): a bar,
/// the step, the step's losses (every metric whose name ends in <c>loss</c>, read by name from
/// <see cref="TrainingProgress.Metrics"/>), the last test accuracy and the time left; each evaluation is kept as a
/// line of its own. When the output is redirected (a file, a CI log) it writes plain lines instead: every
/// <c>plainEverySteps</c> steps, at each evaluation and at the last step, with every metric.
/// </summary>
public sealed class ConsoleTrainingProgress : IProgress<TrainingProgress>
{
    private const int BarWidth = 20;
    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly int _plainEverySteps;
    private readonly Stopwatch _clock = new();
    private readonly Lock _gate = new();
    private long? _firstStep;
    private TimeSpan? _lastDraw;
    private int _drawnLength;
    private string _test = string.Empty;

    /// <summary>Writes to the console: a live line on a terminal, plain lines when the output is redirected.</summary>
    /// <param name="plainEverySteps">With plain lines, how often a step's line is written (besides evaluations and the last step).</param>
    public ConsoleTrainingProgress(int plainEverySteps = 100)
        : this(Console.Out, live: !Console.IsOutputRedirected, plainEverySteps)
    {
    }

    /// <summary>Writes to <paramref name="output"/>: a live line (carriage returns) when <paramref name="live"/>, else plain lines.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="plainEverySteps"/> is not positive.</exception>
    public ConsoleTrainingProgress(TextWriter output, bool live, int plainEverySteps = 100)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(plainEverySteps);
        _output = output;
        _live = live;
        _plainEverySteps = plainEverySteps;
    }

    /// <summary>The shortest time between two redraws of the live line (evaluations and the last step are always drawn).</summary>
    public TimeSpan RedrawInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (_firstStep is null)
            {
                _firstStep = value.Step;
                _clock.Start();
            }

            if (value.Evaluation is { } evaluation)
            {
                _test = string.Create(CultureInfo.InvariantCulture, $" | test {100 * evaluation.Top1:F2}% (best {100 * value.BestAccuracy:F2}% at step {value.BestStep})");
            }

            bool last = value.Step >= value.TotalSteps;
            if (_live)
            {
                DrawLive(value, last);
            }
            else if (value.Step % _plainEverySteps == 0 || value.Evaluation is not null || last)
            {
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"step {value.Step}/{value.TotalSteps} | {LogHook.Format(value.Metrics)}{(value.Evaluation is null ? string.Empty : _test)} | ETA {Eta(value)}"));
            }
        }
    }

    private void DrawLive(TrainingProgress value, bool last)
    {
        var now = _clock.Elapsed;
        if (!last && value.Evaluation is null && _lastDraw is { } drawn && now - drawn < RedrawInterval)
        {
            return;
        }

        _lastDraw = now;
        double fraction = value.TotalSteps == 0 ? 1 : Math.Clamp((double)value.Step / value.TotalSteps, 0, 1);
        int filled = (int)Math.Round(fraction * BarWidth);
        var losses = value.Metrics.Where(m => m.Key.EndsWith("loss", StringComparison.Ordinal))
            .Select(m => string.Create(CultureInfo.InvariantCulture, $"{Label(m.Key)} {m.Value:F4}"));
        string line = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] step {value.Step}/{value.TotalSteps} | {string.Join(" | ", losses)}{_test} | ETA {Eta(value)}");
        var text = new StringBuilder("\r").Append(line);
        if (line.Length < _drawnLength)
        {
            text.Append(' ', _drawnLength - line.Length);
        }

        _drawnLength = line.Length;
        if (value.Evaluation is not null || last)
        {
            // An evaluation stays on screen: the next redraw starts on a fresh line.
            text.AppendLine();
            _drawnLength = 0;
        }

        _output.Write(text.ToString());
        _output.Flush();
    }

    private static string Label(string name) => name.StartsWith("train/", StringComparison.Ordinal) ? name["train/".Length..] : name;

    /// <summary>The time left at the speed measured since the first report (so a resumed run does not count the steps it skipped).</summary>
    private string Eta(TrainingProgress value)
    {
        long steps = value.Step - _firstStep!.Value;
        double seconds = _clock.Elapsed.TotalSeconds;
        if (steps <= 0 || seconds <= 0)
        {
            return "--:--:--";
        }

        var left = TimeSpan.FromSeconds(Math.Max(0, value.TotalSteps - value.Step) * seconds / steps);
        return string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours:D2}:{left.Minutes:D2}:{left.Seconds:D2}");
    }
}
