using MetaSemi.Models.Pretrained;

namespace MetaSemi.Models;

/// <summary>
/// Factories for every network of the zoo, by type and by the architecture names the
/// command-line tool accepts (<c>-a/--arch</c>). Weights are initialised from torch's global
/// generator: seed it (<c>torch.manual_seed</c>) first for reproducible initial weights.
/// </summary>
public static class ModelZoo
{
    /// <summary>The architecture name of the ImageNet-pretrained ResNet-18 (<see cref="PretrainedResNet18"/>).</summary>
    public const string ImageNetResNet18 = "resnet18-imagenet";

    private static readonly (string Name, Func<int, int, ZooModelOptions, FeatureModel> Create)[] Registry =
    [
        ("convlarge", (classes, channels, _) => ConvLarge(classes, channels)),
        ("shakeshake26", (classes, channels, _) => ShakeShake26(classes, channels)),
        ("resnet18", (classes, channels, _) => ResNet18(classes, channels)),
        ("resnet50", (classes, channels, _) => ResNet50(classes, channels)),
        ("wrn28-2", (classes, channels, _) => WideResNet28_2(classes, channels)),
        ("small-cnn", (classes, channels, _) => SmallCnn(classes, channels)),
        (ImageNetResNet18, CreatePretrained),
    ];

    /// <summary>Architecture names accepted by <see cref="Create(string, int, int)"/>, in a stable order.</summary>
    public static IReadOnlyList<string> Architectures { get; } = Registry.Select(r => r.Name).ToArray();

    /// <summary>
    /// Creates the network named <paramref name="arch"/> (case-insensitive; see
    /// <see cref="Architectures"/>) with each architecture's default options.
    /// </summary>
    /// <param name="arch">Architecture name, e.g. <c>convlarge</c>.</param>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    /// <exception cref="FileNotFoundException">A pretrained network's weight files are not found (the message says where it looked).</exception>
    public static FeatureModel Create(string arch, int numClasses, int inputChannels = 3) => Create(arch, numClasses, inputChannels, null);

    /// <summary>
    /// Creates the network named <paramref name="arch"/> with <paramref name="options"/> (image size, input
    /// normalisation and fine-tuning of the pretrained network; the other networks ignore them).
    /// </summary>
    /// <param name="arch">Architecture name, e.g. <c>resnet18-imagenet</c>.</param>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    /// <param name="options">What the pretrained network needs; null takes its defaults.</param>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    /// <exception cref="FileNotFoundException">A pretrained network's weight files are not found (the message says where it looked).</exception>
    public static FeatureModel Create(string arch, int numClasses, int inputChannels, ZooModelOptions? options)
    {
        ArgumentNullException.ThrowIfNull(arch);
        foreach (var (name, create) in Registry)
        {
            if (string.Equals(name, arch.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return create(numClasses, inputChannels, options ?? new ZooModelOptions());
            }
        }

        throw new ArgumentException(
            $"Unknown architecture '{arch}'; known architectures: {string.Join(", ", Architectures)}.", nameof(arch));
    }

    /// <summary>The paper's ConvLarge (docs/design.md §4); see <see cref="Models.ConvLarge"/>.</summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    /// <param name="stochastic">Whether Dropout2d(0.5) follows each max-pool.</param>
    /// <param name="topBatchNorm">Whether BatchNorm1d ends the classifier.</param>
    public static ConvLarge ConvLarge(int numClasses, int inputChannels = 3, bool stochastic = true, bool topBatchNorm = false) =>
        new(numClasses, inputChannels, stochastic, topBatchNorm);

    /// <summary>Shake-Shake 26 2×96d for 32×32 images; see <see cref="Models.ShakeShake26"/>.</summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    /// <param name="randomBackwardGateInEval">Keep the random backward gate in eval mode, as the reference does.</param>
    public static ShakeShake26 ShakeShake26(int numClasses, int inputChannels = 3, bool randomBackwardGateInEval = false) =>
        new(numClasses, inputChannels, randomBackwardGateInEval);

    /// <summary>ResNet-18 in torchvision's layout and names; see <see cref="ResNet"/>.</summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    public static ResNet ResNet18(int numClasses = 1000, int inputChannels = 3) => ResNet.ResNet18(numClasses, inputChannels);

    /// <summary>ResNet-50 in torchvision's layout and names; see <see cref="ResNet"/>.</summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    public static ResNet ResNet50(int numClasses = 1000, int inputChannels = 3) => ResNet.ResNet50(numClasses, inputChannels);

    /// <summary>WRN-28-2 of FixMatch/USB for 32×32 images; see <see cref="WideResNet"/>.</summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    public static WideResNet WideResNet28_2(int numClasses, int inputChannels = 3) =>
        new(numClasses, depth: 28, widenFactor: 2, dropRate: 0, inputChannels: inputChannels);

    /// <summary>The CPU-sized network for 28×28 and 32×32 images; see <see cref="Models.SmallCnn"/>.</summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    /// <param name="width">Channels of the first block.</param>
    /// <param name="dropout">Dropout2d probability after each max-pool.</param>
    public static SmallCnn SmallCnn(int numClasses, int inputChannels = 1, int width = Models.SmallCnn.DefaultWidth, double dropout = Models.SmallCnn.DefaultDropout) =>
        new(numClasses, inputChannels, width, dropout);

    /// <summary>
    /// The ImageNet-pretrained ResNet-18 (basic blocks 2-2-2-3, weights from the NuGet package
    /// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>) with a new head; see <see cref="PretrainedResNet"/>.
    /// </summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">1 (grey, replicated to RGB) or 3.</param>
    /// <param name="imageSize">The side the input is resized to (a multiple of 32).</param>
    /// <param name="mean">Per-channel mean the data pipeline subtracts (one per input channel).</param>
    /// <param name="std">Per-channel std the data pipeline divides by.</param>
    /// <param name="fineTuning">Frozen stages, the backbone's learning-rate multiplier, BatchNorm statistics.</param>
    /// <param name="weightsDirectory">The folder holding <c>DnnImageModels/</c> (default: next to the app, then the NuGet cache).</param>
    /// <exception cref="FileNotFoundException">The weight files are not found.</exception>
    /// <exception cref="InvalidDataException">A weight file is damaged or another network.</exception>
    public static PretrainedResNet PretrainedResNet18(
        int numClasses, int inputChannels, int imageSize, IReadOnlyList<double> mean, IReadOnlyList<double> std, FineTuningOptions? fineTuning = null, string? weightsDirectory = null)
    {
        var model = new PretrainedResNet(numClasses, inputChannels, imageSize, fineTuning);
        try
        {
            ImageNetResNet18Weights.Load(model, mean, std, weightsDirectory);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The name <see cref="Create(string, int, int)"/> builds <paramref name="model"/>'s architecture from (with the
    /// zoo's defaults for its other options: SmallCnn's width and dropout, ConvLarge's noise).
    /// </summary>
    /// <exception cref="InvalidOperationException">The network is not one of the zoo's architectures (a subclass of <see cref="FeatureModel"/> of your own).</exception>
    public static string ArchitectureOf(FeatureModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model switch
        {
            PretrainedResNet => ImageNetResNet18,
            Models.ResNet => model.GetName().ToLowerInvariant(),
            Models.ConvLarge => "convlarge",
            Models.ShakeShake26 => "shakeshake26",
            Models.WideResNet { Depth: 28, WidenFactor: 2 } => "wrn28-2",
            Models.SmallCnn => "small-cnn",
            _ => throw new InvalidOperationException(
                $"{model.GetType().Name} is not an architecture of the model zoo ({string.Join(", ", Architectures)}): a model file cannot name it. Describe the model yourself (ModelDescription)."),
        };
    }

    /// <summary>The architecture arguments a model file records for <paramref name="model"/> (the pretrained network's <c>image_size</c>; none for the others).</summary>
    public static IReadOnlyDictionary<string, string> ArchitectureArguments(FeatureModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model is PretrainedResNet pretrained
            ? new Dictionary<string, string>(StringComparer.Ordinal) { [ImageSizeArgument] = pretrained.ImageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// The options that rebuild <paramref name="arch"/> from a model file's <paramref name="arguments"/>, without reading
    /// pretrained weights (the file holds the trained ones).
    /// </summary>
    /// <exception cref="InvalidDataException">An argument is unknown to the architecture or not a valid value.</exception>
    public static ZooModelOptions OptionsFromArguments(string arch, IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arch);
        ArgumentNullException.ThrowIfNull(arguments);
        bool pretrained = string.Equals(arch.Trim(), ImageNetResNet18, StringComparison.OrdinalIgnoreCase);
        var unknown = arguments.Keys.Where(k => !(pretrained && k == ImageSizeArgument)).ToArray();
        if (unknown.Length > 0)
        {
            throw new InvalidDataException(
                $"architecture arguments {string.Join(", ", unknown)} of {arch} are not known to this version; expected {(pretrained ? ImageSizeArgument : "none")}.");
        }

        if (!pretrained)
        {
            return new ZooModelOptions { LoadPretrainedWeights = false };
        }

        if (!arguments.TryGetValue(ImageSizeArgument, out var text)
            || !int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var size) || size < 32 || size % 32 != 0)
        {
            throw new InvalidDataException($"{arch} needs the architecture argument {ImageSizeArgument}, a multiple of 32; got '{arguments.GetValueOrDefault(ImageSizeArgument)}'.");
        }

        return new ZooModelOptions { ImageSize = size, LoadPretrainedWeights = false };
    }

    private const string ImageSizeArgument = "image_size";

    private static PretrainedResNet CreatePretrained(int classes, int channels, ZooModelOptions options)
    {
        int size = options.ImageSizeFor(channels);
        if (!options.LoadPretrainedWeights)
        {
            return new PretrainedResNet(classes, channels, size, options.FineTuning);
        }

        var mean = options.InputMean ?? Enumerable.Repeat(0.0, channels).ToArray();
        var std = options.InputStd ?? Enumerable.Repeat(1.0, channels).ToArray();
        return PretrainedResNet18(classes, channels, size, mean, std, options.FineTuning, options.WeightsDirectory);
    }
}
