using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>
/// What one training step reports (docs/design.md §2.3): the step's named scalar metrics (<see cref="MetricNames"/>;
/// each algorithm reports those that apply to it, the trainer adds <see cref="MetricNames.LearningRate"/>),
/// the time spent, and the evaluation made after it. The named properties read the common metrics and are
/// <see cref="double.NaN"/> where the step does not have them (the consistency terms of a supervised step,
/// mixup when off, unlabelled accuracy without hidden labels).
/// </summary>
/// <param name="Step">Completed steps, this one included.</param>
/// <param name="TotalSteps">The step count <c>FitAsync</c> runs to.</param>
/// <param name="Metrics">The step's metrics by name (in data-parallel training, the ranks' means).</param>
/// <param name="DataSeconds">Seconds spent waiting for the batch.</param>
/// <param name="ComputeSeconds">Seconds spent computing the step.</param>
/// <param name="Evaluation">The test evaluation made after this step, or null.</param>
public sealed record TrainingProgress(
    long Step,
    long TotalSteps,
    IReadOnlyDictionary<string, double> Metrics,
    double DataSeconds,
    double ComputeSeconds,
    EvaluationResult? Evaluation)
{
    /// <summary>The best top-1 test accuracy so far, as of this step's evaluation (NaN on a step without one).</summary>
    public double BestAccuracy { get; init; } = double.NaN;

    /// <summary>The step of <see cref="BestAccuracy"/> (0 on a step without an evaluation).</summary>
    public long BestStep { get; init; }

    /// <summary>The metric called <paramref name="name"/>, or NaN when the step did not report it.</summary>
    public double Metric(string name) => Metrics.TryGetValue(name, out double value) ? value : double.NaN;

    /// <summary>lr_t used by this step.</summary>
    public double LearningRate => Metric(MetricNames.LearningRate);

    /// <summary>w_t used by this step (NaN for an algorithm without an unlabelled-loss weight).</summary>
    public double ConsistencyWeight => Metric(MetricNames.UnlabelWeight);

    /// <summary>The total loss that was minimised.</summary>
    public double Loss => Metric(MetricNames.Loss);

    /// <summary>Cross-entropy of the labelled batch (evaluation mode before the update for MetaSemi and the baselines).</summary>
    public double LabelLoss => Metric(MetricNames.LabelLoss);

    /// <summary>The unlabelled (consistency) loss before its weight.</summary>
    public double UnlabelLoss => Metric(MetricNames.UnlabelLoss);

    /// <summary>Mixup loss (KL batchmean).</summary>
    public double InterpLoss => Metric(MetricNames.InterpLoss);

    /// <summary>Top-1 on the labelled batch, as for <see cref="LabelLoss"/>.</summary>
    public double LabelAccuracy => Metric(MetricNames.LabelAccuracy);

    /// <summary>Top-1 on the unlabelled batch against its hidden labels.</summary>
    public double UnlabelAccuracy => Metric(MetricNames.UnlabelAccuracy);
}
