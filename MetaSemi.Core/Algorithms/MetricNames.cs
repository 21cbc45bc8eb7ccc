namespace MetaSemi.Algorithms;

/// <summary>
/// The names of the per-step metrics (docs/design.md §6; the TensorBoard scalar names), used as keys everywhere:
/// metrics.csv columns, TensorBoard, the log, the live display and <c>compare</c>. An algorithm may add
/// its own under <c>train/…</c>.
/// </summary>
public static class MetricNames
{
    /// <summary>The minimised loss.</summary>
    public const string Loss = "train/loss";

    /// <summary>Cross-entropy of the labelled batch (eval-mode logits for MetaSemi, as the reference reports it).</summary>
    public const string LabelLoss = "train/label-loss";

    /// <summary>The unlabelled (consistency) loss before its weight.</summary>
    public const string UnlabelLoss = "train/unlabel-loss";

    /// <summary>The mixup loss.</summary>
    public const string InterpLoss = "train/interp-loss";

    /// <summary>Accuracy on the labelled batch.</summary>
    public const string LabelAccuracy = "train/label-acc";

    /// <summary>Accuracy on the unlabelled batch against its hidden labels, where the data set has them.</summary>
    public const string UnlabelAccuracy = "train/unlabel-acc";

    /// <summary>Fraction of unlabelled examples whose pseudo-label passed the threshold (or their mean weight).</summary>
    public const string MaskRatio = "train/mask-ratio";

    /// <summary>This step's learning rate.</summary>
    public const string LearningRate = "train/lr";

    /// <summary>This step's unlabelled-loss weight.</summary>
    public const string UnlabelWeight = "train/weight";

    /// <summary>Top-1 test accuracy at an evaluation.</summary>
    public const string TestAccuracy = "test/accuracy";

    /// <summary>Top-5 test accuracy at an evaluation (data sets with more than five classes).</summary>
    public const string TestTop5Accuracy = "test/top5-accuracy";

    /// <summary>The step column of metrics.csv.</summary>
    public const string Step = "step";

    /// <summary>Seconds the step waited for its batch.</summary>
    public const string DataSeconds = "time/data";

    /// <summary>Seconds the step computed.</summary>
    public const string ComputeSeconds = "time/compute";

    /// <summary>The per-step training metrics every built-in algorithm draws from, in metrics.csv's column order.</summary>
    public static IReadOnlyList<string> Training { get; } =
        [LearningRate, UnlabelWeight, Loss, LabelLoss, UnlabelLoss, InterpLoss, LabelAccuracy, UnlabelAccuracy];
}
