using MetaSemi.Algorithms;

namespace MetaSemi.Cli.Progress;

/// <summary>
/// What the console shows of one report: a training step (made from the trainer's <see cref="MetaSemi.TrainingProgress"/>
/// by <see cref="FromStep"/>) or any other counted work (t-SNE iterations). Scalars a run does not have (no mixup, no
/// evaluation yet) stay null and are not shown. Accuracies are fractions in [0, 1].
/// </summary>
internal sealed record ConsoleProgress(long Step, long TotalSteps)
{
    /// <summary>The metrics shown in their own places, not among <see cref="OtherMetrics"/> (the total loss and w_t are not shown).</summary>
    private static readonly HashSet<string> Placed = new(StringComparer.Ordinal)
    {
        MetricNames.Loss, MetricNames.LabelLoss, MetricNames.UnlabelLoss, MetricNames.InterpLoss, MetricNames.LabelAccuracy,
        MetricNames.UnlabelAccuracy, MetricNames.LearningRate, MetricNames.UnlabelWeight,
    };

    public double? LabelLoss { get; init; }
    public double? UnlabelLoss { get; init; }
    public double? InterpLoss { get; init; }
    public double? LabelAccuracy { get; init; }
    public double? UnlabelAccuracy { get; init; }
    public double? LearningRate { get; init; }
    public double? TestAccuracy { get; init; }
    public double? BestTestAccuracy { get; init; }

    /// <summary>Every other named metric the step reported (mask ratio, FreeMatch's fairness loss, …), by metric name, in name order.</summary>
    public IReadOnlyList<(string Name, double Value)> OtherMetrics { get; init; } = [];

    /// <summary>Images one step consumes (labelled + unlabelled), for images/s; 0 hides the rate.</summary>
    public int ImagesPerStep { get; init; }

    /// <summary>The console's view of a training step: its metrics, the last and best test accuracy, the images it consumed.</summary>
    public static ConsoleProgress FromStep(MetaSemi.TrainingProgress step, double? testAccuracy, double? bestTestAccuracy, int imagesPerStep)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new ConsoleProgress(step.Step, step.TotalSteps)
        {
            LabelLoss = Known(step.LabelLoss),
            UnlabelLoss = Known(step.UnlabelLoss),
            InterpLoss = Known(step.InterpLoss),
            LabelAccuracy = Known(step.LabelAccuracy),
            UnlabelAccuracy = Known(step.UnlabelAccuracy),
            LearningRate = Known(step.LearningRate),
            TestAccuracy = testAccuracy,
            BestTestAccuracy = bestTestAccuracy,
            OtherMetrics = [.. step.Metrics
                .Where(m => !Placed.Contains(m.Key) && m.Key.StartsWith("train/", StringComparison.Ordinal) && !double.IsNaN(m.Value))
                .OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => (m.Key, m.Value))],
            ImagesPerStep = imagesPerStep,
        };
    }

    /// <summary>Core reports a scalar a step lacks as NaN; the console leaves it out.</summary>
    private static double? Known(double value) => double.IsNaN(value) ? null : value;
}
