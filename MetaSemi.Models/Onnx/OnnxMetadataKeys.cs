namespace MetaSemi.Models.Onnx;

/// <summary>
/// The <c>metadata_props</c> keys an exported ONNX model carries (MetaSemi.Onnx reads the same keys).
/// <see cref="Model"/> holds the whole <see cref="Files.ModelDescription"/> as camelCase JSON; the others
/// repeat parts of it for people and tools that read the metadata directly.
/// </summary>
public static class OnnxMetadataKeys
{
    /// <summary>The whole model description, camelCase JSON.</summary>
    public const string Model = "metasemi.model";

    /// <summary>The zoo architecture name.</summary>
    public const string Architecture = "metasemi.architecture";

    /// <summary>The class names in output order, a JSON array of strings.</summary>
    public const string ClassNames = "metasemi.class_names";

    /// <summary>Input channels (1 or 3).</summary>
    public const string Channels = "metasemi.channels";

    /// <summary>Side of the square input.</summary>
    public const string ImageSize = "metasemi.image_size";

    /// <summary>Shorter side before the centre crop, when the preprocessing resizes and crops.</summary>
    public const string ResizeShorterSide = "metasemi.resize_shorter_side";

    /// <summary>Per-channel means, comma-separated invariant numbers.</summary>
    public const string Mean = "metasemi.mean";

    /// <summary>Per-channel standard deviations, comma-separated invariant numbers.</summary>
    public const string Std = "metasemi.std";
}
