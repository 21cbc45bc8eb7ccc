using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using MetaSemi.Files;
using MetaSemi.Models.Onnx.Schema;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Models.Onnx;

/// <summary>
/// Exports a zoo network to ONNX (docs/design.md §8): opset 17, the eval-mode forward pass (BatchNorm as
/// <c>BatchNormalization</c> nodes with the running statistics, dropout removed, Shake-Shake's gate 0.5),
/// float32 weights, input <c>input</c> (N×C×S×S, N symbolic), outputs <c>logits</c> and
/// <c>probabilities</c> (softmax), and the <see cref="ModelDescription"/> in <c>metadata_props</c>: the whole
/// description as camelCase JSON under <see cref="OnnxMetadataKeys.Model"/> plus readable keys for the
/// class names and the preprocessing. The module's own mode (train or eval) is not changed.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the export targets.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version of opset 17.</summary>
    public const int IrVersion = 8;

    /// <summary>Name of the graph's image input.</summary>
    public const string InputName = "input";

    /// <summary>Name of the graph's logits output (N×classes).</summary>
    public const string LogitsName = "logits";

    /// <summary>Name of the graph's softmax output (N×classes).</summary>
    public const string ProbabilitiesName = "probabilities";

    private const string BatchDimension = "batch";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Metadata is read by people and tools, not embedded in HTML: keep class names as written.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the ONNX model of <paramref name="model"/> to <paramref name="path"/> (replacing it).</summary>
    /// <param name="model">A zoo network (or a <c>Sequential</c> of supported layers).</param>
    /// <param name="description">Class names and preprocessing, stored in the file's metadata.</param>
    /// <param name="path">The <c>.onnx</c> file to write.</param>
    /// <exception cref="NotSupportedException">The network contains a module the exporter does not know.</exception>
    /// <exception cref="ArgumentException">The description does not fit the network.</exception>
    public static void Save(nn.Module<Tensor, Tensor> model, ModelDescription description, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var proto = Build(model, description);
        using var file = File.Create(path);
        proto.WriteTo(file);
    }

    /// <summary>Writes the ONNX model of <paramref name="model"/> to <paramref name="stream"/>.</summary>
    /// <param name="model">A zoo network (or a <c>Sequential</c> of supported layers).</param>
    /// <param name="description">Class names and preprocessing, stored in the file's metadata.</param>
    /// <param name="stream">A writable stream; left open.</param>
    public static void Save(nn.Module<Tensor, Tensor> model, ModelDescription description, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Build(model, description).WriteTo(stream);
    }

    /// <summary>The ONNX model of <paramref name="model"/> as bytes.</summary>
    /// <param name="model">A zoo network (or a <c>Sequential</c> of supported layers).</param>
    /// <param name="description">Class names and preprocessing, stored in the file's metadata.</param>
    public static byte[] ToBytes(nn.Module<Tensor, Tensor> model, ModelDescription description) =>
        Build(model, description).ToByteArray();

    private static ModelProto Build(nn.Module<Tensor, Tensor> model, ModelDescription description)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(description);
        Validate(model, description);
        var p = description.Preprocessing;
        var classes = description.ClassNames.Count;

        var g = new OnnxGraphBuilder(model, description.Architecture);
        var input = g.Input(InputName, [null, p.Channels, p.ImageSize, p.ImageSize], BatchDimension);
        string logits;
        using (no_grad())
        {
            logits = ZooOnnxForward.Emit(g, model, input, p.ImageSize);
        }

        g.Output(logits, LogitsName, [null, classes], BatchDimension);
        g.Output(g.Softmax(LogitsName, "softmax"), ProbabilitiesName, [null, classes], BatchDimension);

        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "MetaSemi.NET",
            ProducerVersion = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            Domain = "net.metasemi",
            ModelVersion = 1,
            DocString = $"{description.Architecture}: {classes} classes, input {p.Channels}×{p.ImageSize}×{p.ImageSize}.",
            Graph = g.Graph,
            OpsetImport = { new OperatorSetIdProto { Domain = "", Version = Opset } },
        };
        foreach (var (key, value) in Metadata(description))
        {
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return proto;
    }

    /// <summary>The <c>metadata_props</c> entries written for <paramref name="description"/>.</summary>
    /// <param name="description">The model's description.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Metadata(ModelDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var p = description.Preprocessing;
        static string Numbers(IEnumerable<double> values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var entries = new List<KeyValuePair<string, string>>
        {
            new(OnnxMetadataKeys.Model, JsonSerializer.Serialize(description, Json)),
            new(OnnxMetadataKeys.Architecture, description.Architecture),
            new(OnnxMetadataKeys.ClassNames, JsonSerializer.Serialize(description.ClassNames, Json)),
            new(OnnxMetadataKeys.Channels, p.Channels.ToString(CultureInfo.InvariantCulture)),
            new(OnnxMetadataKeys.ImageSize, p.ImageSize.ToString(CultureInfo.InvariantCulture)),
            new(OnnxMetadataKeys.Mean, Numbers(p.Mean)),
            new(OnnxMetadataKeys.Std, Numbers(p.Std)),
        };
        if (p.ResizeShorterSide is { } resize)
        {
            entries.Add(new(OnnxMetadataKeys.ResizeShorterSide, resize.ToString(CultureInfo.InvariantCulture)));
        }

        return entries;
    }

    private static void Validate(nn.Module<Tensor, Tensor> model, ModelDescription description)
    {
        var p = description.Preprocessing ?? throw new ArgumentException("The model description has no preprocessing.", nameof(description));
        if (p.Channels is not (1 or 3))
        {
            throw new ArgumentException($"Preprocessing.Channels must be 1 or 3; got {p.Channels}.", nameof(description));
        }

        if (p.ImageSize < 1)
        {
            throw new ArgumentException($"Preprocessing.ImageSize must be at least 1; got {p.ImageSize}.", nameof(description));
        }

        if (p.Mean.Count != p.Channels || p.Std.Count != p.Channels)
        {
            throw new ArgumentException($"Preprocessing.Mean and Std must have {p.Channels} entries (one per channel); got {p.Mean.Count} and {p.Std.Count}.", nameof(description));
        }

        if (description.ClassNames.Count == 0)
        {
            throw new ArgumentException("The model description names no classes.", nameof(description));
        }

        if (model is FeatureModel zoo && zoo.NumClasses != description.ClassNames.Count)
        {
            throw new ArgumentException($"The network has {zoo.NumClasses} outputs but the description names {description.ClassNames.Count} classes.", nameof(description));
        }
    }
}
