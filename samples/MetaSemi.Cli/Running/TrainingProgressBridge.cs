using System.Globalization;
using MetaSemi.Cli.Plotting;
using MetaSemi.Cli.Progress;

namespace MetaSemi.Cli.Running;

/// <summary>
/// Turns the trainer's per-step reports (<see cref="MetaSemi.TrainingProgress"/>) into the console's
/// (<see cref="ConsoleProgress"/>), and redraws the learning curve after each evaluation.
/// Called synchronously on the training thread, right after the trainer flushed <c>metrics.csv</c>.
/// With <paramref name="refreshEvery"/> (a live display) a step is also shown when that long passed since the last
/// one shown, so the display moves at least that often, not only every <paramref name="printEvery"/> steps.
/// </summary>
internal sealed class TrainingProgressBridge(
    IProgressReporter reporter, string runFolder, string title, int printEvery, int imagesPerStep, TimeSpan? refreshEvery = null, Func<TimeSpan>? clock = null)
    : IProgress<MetaSemi.TrainingProgress>
{
    private readonly Func<TimeSpan> _clock = clock ?? StartClock();
    private TimeSpan _lastShown;
    private double? _best;

    /// <summary>Steps reported so far (0: the fit trained nothing).</summary>
    public long StepsSeen { get; private set; }

    /// <summary>Test accuracy of the last evaluation seen, or null.</summary>
    public double? LastTestAccuracy { get; private set; }

    public void Report(MetaSemi.TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StepsSeen++;
        if (value.Evaluation is { } evaluation)
        {
            LastTestAccuracy = evaluation.Top1;

            // The trainer's best includes the evaluations of the run before a resume; this process's alone would not.
            _best = !double.IsNaN(value.BestAccuracy) ? value.BestAccuracy : _best is double b ? Math.Max(b, evaluation.Top1) : evaluation.Top1;
        }

        var now = _clock();
        bool due = refreshEvery is { } every && now - _lastShown >= every;
        if (due || value.Step % printEvery == 0 || value.Evaluation is not null || value.Step == value.TotalSteps)
        {
            _lastShown = now;
            reporter.Report(ConsoleProgress.FromStep(value, LastTestAccuracy, _best, imagesPerStep));
        }

        if (value.Evaluation is { } done)
        {
            LearningCurvePlot.Refresh(runFolder, title);
            var top5 = done.Top5 is double t5 ? string.Create(CultureInfo.InvariantCulture, $", top-5 {t5:P2}") : string.Empty;
            reporter.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {value.Step}: test accuracy {done.Top1:P2}{top5} on {done.Count} images (best {_best:P2})"));
        }
    }

    private static Func<TimeSpan> StartClock()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        return () => watch.Elapsed;
    }

}
