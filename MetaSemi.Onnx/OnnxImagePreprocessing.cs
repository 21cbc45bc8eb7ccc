namespace MetaSemi.Onnx;

/// <summary>
/// How an image becomes the network's input, as the exporting model file described it (the same fields
/// as MetaSemi.Core's <c>ImagePreprocessing</c>): decode, resize the shorter side to
/// <see cref="ResizeShorterSide"/> and centre-crop <see cref="ImageSize"/>² (or, when it is null, resize the
/// whole image to <see cref="ImageSize"/>²), convert to <see cref="Channels"/> channels (1 = grey by
/// luminance, 3 = RGB), scale to [0, 1], then (x − mean) / std per channel.
/// </summary>
public sealed record OnnxImagePreprocessing
{
    /// <summary>Input channels of the network: 1 or 3.</summary>
    public required int Channels { get; init; }

    /// <summary>The side of the square input image.</summary>
    public required int ImageSize { get; init; }

    /// <summary>The shorter side after resizing, before the centre crop; null resizes straight to <see cref="ImageSize"/>.</summary>
    public int? ResizeShorterSide { get; init; }

    /// <summary>Per-channel means subtracted after scaling to [0, 1].</summary>
    public required IReadOnlyList<double> Mean { get; init; }

    /// <summary>Per-channel standard deviations divided by.</summary>
    public required IReadOnlyList<double> Std { get; init; }
}
