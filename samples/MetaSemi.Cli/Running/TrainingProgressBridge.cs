using System.Globalization;
using MetaSemi.Cli.Plotting;
using MetaSemi.Cli.Progress;

namespace MetaSemi.Cli.Running;

/// <summary>
/// Turns the trainer's per-step reports (<see cref="MetaSemi.TrainingProgress"/>) into the console's
/// (<see cref="Progress.TrainingProgress"/>), and redraws the learning curve after each evaluation.
/// Called synchronously on the training thread, right after the trainer flushed <c>metrics.csv</c>.
/// </summary>
internal sealed class TrainingProgressBridge(IProgressReporter reporter, string runFolder, string title, int printEvery, int imagesPerStep)
    : IProgress<MetaSemi.TrainingProgress>
{
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

        if (value.Step % printEvery == 0 || value.Evaluation is not null || value.Step == value.TotalSteps)
        {
            reporter.Report(new Progress.TrainingProgress(value.Step, value.TotalSteps)
            {
                LabelLoss = Known(value.LabelLoss),
                UnlabelLoss = Known(value.UnlabelLoss),
                InterpLoss = Known(value.InterpLoss),
                LabelAccuracy = Known(value.LabelAccuracy),
                UnlabelAccuracy = Known(value.UnlabelAccuracy),
                LearningRate = Known(value.LearningRate),
                TestAccuracy = LastTestAccuracy,
                BestTestAccuracy = _best,
                ImagesPerStep = imagesPerStep,
            });
        }

        if (value.Evaluation is { } done)
        {
            LearningCurvePlot.Refresh(runFolder, title);
            var top5 = done.Top5 is double t5 ? string.Create(CultureInfo.InvariantCulture, $", top-5 {t5:P2}") : string.Empty;
            reporter.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {value.Step}: test accuracy {done.Top1:P2}{top5} on {done.Count} images (best {_best:P2})"));
        }
    }

    /// <summary>Core reports a scalar a step lacks as NaN; the console leaves it out.</summary>
    private static double? Known(double value) => double.IsNaN(value) ? null : value;
}
