namespace MetaSemi.Cli.Plotting;

/// <summary>The scalar names a run logs (SPEC §6); the metrics CSV uses them as column headers.</summary>
internal static class MetricNames
{
    public const string Step = "step";
    public const string LabelAccuracy = "train/label-acc";
    public const string UnlabelAccuracy = "train/unlabel-acc";
    public const string LabelLoss = "train/label-loss";
    public const string UnlabelLoss = "train/unlabel-loss";
    public const string InterpLoss = "train/interp-loss";
    public const string LearningRate = "train/lr";
    public const string TestAccuracy = "test/accuracy";

    /// <summary>Every scalar of SPEC §6, in the order a new metrics CSV writes them.</summary>
    public static readonly IReadOnlyList<string> All =
        [LabelAccuracy, UnlabelAccuracy, LabelLoss, UnlabelLoss, InterpLoss, LearningRate, TestAccuracy];
}
