namespace MetaSemi.Cli.Progress;

/// <summary>
/// One progress report of a training run: what the console shows. Scalars a run does not have
/// (no mixup, no evaluation yet) stay null and are not shown. Accuracies are fractions in [0, 1].
/// </summary>
internal sealed record TrainingProgress(long Step, long TotalSteps)
{
    public double? LabelLoss { get; init; }
    public double? UnlabelLoss { get; init; }
    public double? InterpLoss { get; init; }
    public double? LabelAccuracy { get; init; }
    public double? UnlabelAccuracy { get; init; }
    public double? LearningRate { get; init; }
    public double? TestAccuracy { get; init; }
    public double? BestTestAccuracy { get; init; }

    /// <summary>Images one step consumes (labelled + unlabelled), for images/s; 0 hides the rate.</summary>
    public int ImagesPerStep { get; init; }
}
