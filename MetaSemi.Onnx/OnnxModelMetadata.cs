using System.Text.Json;

namespace MetaSemi.Onnx;

/// <summary>
/// What a MetaSemi.NET ONNX export says about its network, read from the <c>metasemi.model</c> entry of
/// the file's <c>metadata_props</c> (the model file's description as camelCase JSON).
/// </summary>
public sealed record OnnxModelMetadata
{
    /// <summary>The <c>metadata_props</c> key holding the model description.</summary>
    public const string ModelKey = "metasemi.model";

    /// <summary>The zoo architecture the model was exported from.</summary>
    public required string Architecture { get; init; }

    /// <summary>Class names in output order.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>How an image becomes the network's input.</summary>
    public required OnnxImagePreprocessing Preprocessing { get; init; }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    /// <summary>Reads and checks the description in <paramref name="metadata"/>.</summary>
    /// <param name="metadata">The model's custom metadata (ONNX Runtime's <c>CustomMetadataMap</c>).</param>
    /// <param name="source">The file, named in error messages.</param>
    /// <exception cref="InvalidDataException">The entry is missing, is not valid JSON, or describes an impossible input.</exception>
    public static OnnxModelMetadata Parse(IReadOnlyDictionary<string, string> metadata, string source)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.TryGetValue(ModelKey, out var json))
        {
            throw new InvalidDataException($"'{source}' has no '{ModelKey}' metadata entry: export it with MetaSemi.NET ('metasemi export' or OnnxExport.Save).");
        }

        Description? d;
        try
        {
            d = JsonSerializer.Deserialize<Description>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{source}': the '{ModelKey}' metadata entry is not a valid model description: {e.Message}", e);
        }

        var p = d?.Preprocessing;
        if (d?.ClassNames is not { Count: > 0 } names || p?.Mean is null || p.Std is null)
        {
            throw new InvalidDataException($"'{source}': the '{ModelKey}' metadata entry needs classNames and preprocessing (channels, imageSize, mean, std).");
        }

        if (p.Channels is not (1 or 3) || p.ImageSize < 1 || p.Mean.Count != p.Channels || p.Std.Count != p.Channels
            || p.Std.Any(s => !(s > 0)) || p.ResizeShorterSide is < 1)
        {
            throw new InvalidDataException(
                $"'{source}': the preprocessing in '{ModelKey}' is impossible (channels {p.Channels}, expected 1 or 3; imageSize {p.ImageSize}, at least 1; "
                + $"{p.Mean.Count} means and {p.Std.Count} positive stds, one per channel; resizeShorterSide {p.ResizeShorterSide?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).");
        }

        return new OnnxModelMetadata
        {
            Architecture = d.Architecture ?? "",
            ClassNames = names,
            Preprocessing = new OnnxImagePreprocessing
            {
                Channels = p.Channels,
                ImageSize = p.ImageSize,
                ResizeShorterSide = p.ResizeShorterSide,
                Mean = p.Mean,
                Std = p.Std,
            },
        };
    }

    private sealed class Description
    {
        public string? Architecture { get; set; }

        public List<string>? ClassNames { get; set; }

        public PreprocessingFields? Preprocessing { get; set; }
    }

    private sealed class PreprocessingFields
    {
        public int Channels { get; set; }

        public int ImageSize { get; set; }

        public int? ResizeShorterSide { get; set; }

        public List<double>? Mean { get; set; }

        public List<double>? Std { get; set; }
    }
}
