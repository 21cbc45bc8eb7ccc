namespace MetaSemi.Files;

/// <summary>
/// What a model file says about its network besides the weights (docs/design.md §8), enough to rebuild it, feed it
/// and name its outputs with no other argument. Stored as the model file's header metadata (JSON,
/// camelCase) and, by ONNX export, in the ONNX file's <c>metadata_props</c>.
/// </summary>
public sealed record ModelDescription
{
    /// <summary>The model-zoo architecture name (for example <c>small-cnn</c>, <c>convlarge</c>).</summary>
    public required string Architecture { get; init; }

    /// <summary>Further constructor arguments of the architecture by name (for example <c>width</c>), as invariant strings.</summary>
    public IReadOnlyDictionary<string, string> ArchitectureArguments { get; init; } = new Dictionary<string, string>();

    /// <summary>Class names in output order; their count is the number of classes.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>How an image becomes the network's input (identical to training's test transform).</summary>
    public required ImagePreprocessing Preprocessing { get; init; }

    /// <summary>How the weights were trained, when known.</summary>
    public TrainingSummary? Training { get; init; }
}

/// <summary>
/// The test transform as data: decode, convert to <see cref="Channels"/> channels (1 = grey by luminance,
/// 3 = RGB), resize the shorter side to <see cref="ResizeShorterSide"/> (or straight to the square
/// <see cref="ImageSize"/> when null), centre-crop <see cref="ImageSize"/>², scale to [0, 1], then
/// (x − mean) / std per channel.
/// </summary>
public sealed record ImagePreprocessing
{
    /// <summary>Input channels of the network: 1 or 3.</summary>
    public required int Channels { get; init; }

    /// <summary>The side of the square input image.</summary>
    public required int ImageSize { get; init; }

    /// <summary>The shorter side after resizing, before the centre crop (ImageNet: 256 for 224); null resizes straight to <see cref="ImageSize"/>.</summary>
    public int? ResizeShorterSide { get; init; }

    /// <summary>Per-channel means subtracted after scaling to [0, 1].</summary>
    public required IReadOnlyList<double> Mean { get; init; }

    /// <summary>Per-channel standard deviations divided by.</summary>
    public required IReadOnlyList<double> Std { get; init; }
}

/// <summary>How a model file's weights were trained.</summary>
public sealed record TrainingSummary
{
    /// <summary>The algorithm's registry name.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The data set (name or folder).</summary>
    public string? Dataset { get; init; }

    /// <summary>Number of labelled examples.</summary>
    public long? Labels { get; init; }

    /// <summary>Training steps of the weights.</summary>
    public long? Steps { get; init; }

    /// <summary>Top-1 test accuracy of the weights, in [0, 1].</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>The MetaSemi.NET version that wrote the file.</summary>
    public string? LibraryVersion { get; init; }

    /// <summary>The identity of the run that trained the weights (docs/reliability.md, "Run identity").</summary>
    public string? RunId { get; init; }
}
