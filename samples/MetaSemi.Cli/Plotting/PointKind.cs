namespace MetaSemi.Cli.Plotting;

/// <summary>Which part of the data a point of the feature picture comes from.</summary>
internal enum PointKind
{
    /// <summary>A labelled training image.</summary>
    Labeled,

    /// <summary>An unlabelled training image.</summary>
    Unlabeled,

    /// <summary>A test image.</summary>
    Test,
}
