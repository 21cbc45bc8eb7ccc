using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using MetaSemi.Models.Onnx.Schema;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models.Pretrained;

/// <summary>
/// Reads the ImageNet weights of <see cref="PretrainedResNet"/> from the ONNX files of the NuGet package
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> 0.24.0 (MIT; docs/pretrained.md): <c>ResNet18.onnx</c> (CNTK 2.6,
/// every convolution bias-free and followed by a BatchNorm with its running statistics) and
/// <c>ResNetPreprocess.onnx</c> (the BGR mean image). The graph is walked, not trusted by name: the stem, then each
/// residual block found from its <c>Add</c> node (main branch, and a 1×1 shortcut where the block has one), so every
/// tensor lands in the module it belongs to; shapes, kernel sizes, strides and ε are checked, and any difference names
/// the file and the node.
/// </summary>
public static class ImageNetResNet18Weights
{
    /// <summary>The NuGet package the weights come from.</summary>
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";

    /// <summary>The package version MetaSemi.Models depends on.</summary>
    public const string PackageVersion = "0.24.0";

    /// <summary>The network's path under the package's <c>tools/</c> folder and under an app's output folder.</summary>
    public static readonly string NetworkFile = Path.Combine("DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>The preprocessing graph's path under the package's <c>tools/</c> folder and under an app's output folder.</summary>
    public static readonly string PreprocessingFile = Path.Combine("DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    private const double Epsilon = 1e-5;

    /// <summary>
    /// The folder holding <c>DnnImageModels/</c>: <paramref name="directory"/> when given, else the app's folder (where
    /// the package's build step copies the files), else the package in the NuGet cache (<c>NUGET_PACKAGES</c> or
    /// <c>~/.nuget/packages</c>).
    /// </summary>
    /// <exception cref="FileNotFoundException">No candidate holds both files; the message lists where it looked.</exception>
    public static string LocateDirectory(string? directory = null)
    {
        var candidates = new List<string>();
        if (directory is not null)
        {
            candidates.Add(directory);
        }
        else
        {
            candidates.Add(AppContext.BaseDirectory);
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
                ? packages
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            candidates.Add(Path.Combine(cache, PackageId.ToLowerInvariant(), PackageVersion, "tools"));
        }

        foreach (var candidate in candidates)
        {
            if (File.Exists(Path.Combine(candidate, NetworkFile)) && File.Exists(Path.Combine(candidate, PreprocessingFile)))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"The ImageNet ResNet-18 weights ({NetworkFile} and {PreprocessingFile}) were not found in {string.Join(" or ", candidates.Select(c => $"'{c}'"))}. "
            + $"They come from the NuGet package {PackageId} {PackageVersion}, a dependency of MetaSemi.Models: restore and build the app (its build copies DnnImageModels/ next to it), or give the folder that holds DnnImageModels/.",
            Path.Combine(candidates[0], NetworkFile));
    }

    /// <summary>
    /// Fills <paramref name="model"/> with the ImageNet weights and sets its input transform for images normalised with
    /// <paramref name="mean"/> and <paramref name="std"/> (one value per input channel). The head <c>fc</c> keeps its
    /// fresh initialisation.
    /// </summary>
    /// <param name="model">The network to fill.</param>
    /// <param name="mean">Per-channel mean the data pipeline subtracts.</param>
    /// <param name="std">Per-channel std the data pipeline divides by.</param>
    /// <param name="directory">The folder holding <c>DnnImageModels/</c> (default: see <see cref="LocateDirectory"/>).</param>
    /// <exception cref="FileNotFoundException">The files are not found.</exception>
    /// <exception cref="InvalidDataException">A file is not the expected network; the message names the file and what differs.</exception>
    public static void Load(PretrainedResNet model, IReadOnlyList<double> mean, IReadOnlyList<double> std, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var root = LocateDirectory(directory);
        var networkPath = Path.Combine(root, NetworkFile);
        var graph = ReadGraph(networkPath);
        var pairs = ConvolutionNodesInBlockOrder(graph, networkPath);
        var targets = model.ConvolutionsWithNorms().ToArray();
        if (pairs.Count != targets.Length)
        {
            throw Damaged(networkPath, $"it has {pairs.Count} convolution/BatchNorm pairs in residual order; the 2-2-2-3 ResNet-18 has {targets.Length}");
        }

        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        using (no_grad())
        {
            for (int i = 0; i < targets.Length; i++)
            {
                var (conv, norm) = targets[i];
                var (convNode, normNode) = pairs[i];
                CheckConvolution(networkPath, convNode, conv);
                CheckEpsilon(networkPath, normNode);
                Copy(networkPath, initializers, convNode.Input[1], conv.weight!);
                Copy(networkPath, initializers, normNode.Input[1], norm.weight!);
                Copy(networkPath, initializers, normNode.Input[2], norm.bias!);
                Copy(networkPath, initializers, normNode.Input[3], norm.running_mean!);
                Copy(networkPath, initializers, normNode.Input[4], norm.running_var!);
            }
        }

        using var meanImage = ReadMeanImage(Path.Combine(root, PreprocessingFile));
        model.SetInputTransform(meanImage, mean, std);
    }

    /// <summary>The BGR mean image (1×3×224×224, 0–255) of <c>ResNetPreprocess.onnx</c>.</summary>
    /// <exception cref="InvalidDataException">The file has no 1×3×H×W float initializer subtracted from the input.</exception>
    public static Tensor ReadMeanImage(string path)
    {
        var graph = ReadGraph(path);
        var sub = graph.Node.SingleOrDefault(n => n.OpType == "Sub") ?? throw Damaged(path, "it has no single Sub node (the mean-image subtraction)");
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var name = sub.Input.Count == 2 ? sub.Input[1] : string.Empty;
        if (!initializers.TryGetValue(name, out var meanImage) || meanImage.Dims.Count != 4 || meanImage.Dims[0] != 1 || meanImage.Dims[1] != 3)
        {
            throw Damaged(path, "its Sub node does not subtract a 1×3×H×W initializer");
        }

        return tensor(Floats(path, meanImage), [.. meanImage.Dims]);
    }

    internal static GraphProto ReadGraph(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The ONNX file '{path}' does not exist.", path);
        }

        try
        {
            using var stream = File.OpenRead(path);
            var model = ModelProto.Parser.ParseFrom(stream);
            return model.Graph ?? throw Damaged(path, "it has no graph");
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable ONNX file (damaged or truncated?): {e.Message}", e);
        }
    }

    // Stem, then per Add node (one per block, in graph order): the main branch's two convolutions, then the shortcut's.
    private static List<(NodeProto Conv, NodeProto Norm)> ConvolutionNodesInBlockOrder(GraphProto graph, string path)
    {
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
            {
                producers[output] = node;
            }
        }

        NodeProto Producer(string value, string opType, string what) =>
            producers.TryGetValue(value, out var node) && node.OpType == opType
                ? node
                : throw Damaged(path, $"{what} ('{value}') is not the output of a {opType} node");

        (NodeProto, NodeProto) PairBehind(NodeProto norm, string what)
        {
            if (norm.Input.Count != 5)
            {
                throw Damaged(path, $"BatchNormalization '{norm.Name}' has {norm.Input.Count} inputs, not 5 (x, scale, bias, mean, variance)");
            }

            return (Producer(norm.Input[0], "Conv", what), norm);
        }

        var result = new List<(NodeProto, NodeProto)>();
        var stemNorm = graph.Node.FirstOrDefault(n => n.OpType == "BatchNormalization") ?? throw Damaged(path, "it has no BatchNormalization node");
        result.Add(PairBehind(stemNorm, "the stem's BatchNorm input"));
        foreach (var add in graph.Node.Where(n => n.OpType == "Add"))
        {
            if (add.Input.Count != 2)
            {
                throw Damaged(path, $"Add '{add.Name}' has {add.Input.Count} inputs, not 2");
            }

            var secondNorm = Producer(add.Input[0], "BatchNormalization", $"the first input of Add '{add.Name}'");
            var (secondConv, _) = PairBehind(secondNorm, $"the input of BatchNormalization '{secondNorm.Name}'");
            var activation = Producer(secondConv.Input[0], "Relu", $"the input of Conv '{secondConv.Name}'");
            var firstNorm = Producer(activation.Input[0], "BatchNormalization", $"the input of Relu '{activation.Name}'");
            result.Add(PairBehind(firstNorm, $"the input of BatchNormalization '{firstNorm.Name}'"));
            result.Add((secondConv, secondNorm));
            if (producers.TryGetValue(add.Input[1], out var shortcut) && shortcut.OpType == "BatchNormalization")
            {
                result.Add(PairBehind(shortcut, $"the input of BatchNormalization '{shortcut.Name}'"));
            }
        }

        return result;
    }

    private static void CheckConvolution(string path, NodeProto node, Conv2d conv)
    {
        long[] Attribute(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? [];
        var kernel = Attribute("kernel_shape");
        var strides = Attribute("strides");
        if (!kernel.SequenceEqual(conv.kernel_size) || !strides.SequenceEqual(conv.stride) || node.Input.Count != 2)
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture,
                $"Conv '{node.Name}' has kernel [{string.Join(",", kernel)}], strides [{string.Join(",", strides)}] and {node.Input.Count} inputs; the network expects kernel [{string.Join(",", conv.kernel_size)}], strides [{string.Join(",", conv.stride)}], no bias"));
        }
    }

    private static void CheckEpsilon(string path, NodeProto node)
    {
        var epsilon = node.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
        if (Math.Abs(epsilon - Epsilon) > 1e-9)
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture, $"BatchNormalization '{node.Name}' has ε {epsilon}, not {Epsilon}"));
        }
    }

    private static void Copy(string path, Dictionary<string, TensorProto> initializers, string name, Tensor target)
    {
        if (!initializers.TryGetValue(name, out var source))
        {
            throw Damaged(path, $"the initializer '{name}' is missing");
        }

        if (!source.Dims.SequenceEqual(target.shape))
        {
            throw Damaged(path, $"the initializer '{name}' is [{string.Join(",", source.Dims)}]; the network's tensor is [{string.Join(",", target.shape)}]");
        }

        using var values = tensor(Floats(path, source), target.shape);
        target.copy_(values);
    }

    private static float[] Floats(string path, TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw Damaged(path, $"the initializer '{tensor.Name}' is of ONNX type {tensor.DataType}, not float");
        }

        long count = tensor.Dims.Aggregate(1L, (a, d) => a * d);
        float[] values = tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray() : [.. tensor.FloatData];
        if (values.LongLength != count)
        {
            throw Damaged(path, $"the initializer '{tensor.Name}' holds {values.LongLength} values for {count} entries");
        }

        return values;
    }

    private static InvalidDataException Damaged(string path, string what) =>
        new($"'{path}' is not the CNTK ImageNet ResNet-18 of {PackageId} {PackageVersion} (damaged, or another network): {what}.");
}
