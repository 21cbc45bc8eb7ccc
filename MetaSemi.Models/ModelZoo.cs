namespace MetaSemi.Models;

/// <summary>
/// Factories for every network of the zoo, by type and by the architecture names the
/// command-line tool accepts (<c>-a/--arch</c>). Weights are initialised from torch's global
/// generator: seed it (<c>torch.manual_seed</c>) first for reproducible initial weights.
/// </summary>
public static class ModelZoo
{
    private static readonly (string Name, Func<int, int, FeatureModel> Create)[] Registry =
    [
        ("convlarge", (classes, channels) => ConvLarge(classes, channels)),
        ("shakeshake26", (classes, channels) => ShakeShake26(classes, channels)),
        ("resnet18", (classes, channels) => ResNet18(classes, channels)),
        ("resnet50", (classes, channels) => ResNet50(classes, channels)),
        ("wrn28-2", (classes, channels) => WideResNet28_2(classes, channels)),
        ("small-cnn", (classes, channels) => SmallCnn(classes, channels)),
    ];

    /// <summary>Architecture names accepted by <see cref="Create"/>, in a stable order.</summary>
    public static IReadOnlyList<string> Architectures { get; } = Registry.Select(r => r.Name).ToArray();

    /// <summary>
    /// Creates the network named <paramref name="arch"/> (case-insensitive; see
    /// <see cref="Architectures"/>) with each architecture's default options.
    /// </summary>
    /// <param name="arch">Architecture name, e.g. <c>convlarge</c>.</param>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static FeatureModel Create(string arch, int numClasses, int inputChannels = 3)
    {
        ArgumentNullException.ThrowIfNull(arch);
        foreach (var (name, create) in Registry)
        {
            if (string.Equals(name, arch.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return create(numClasses, inputChannels);
            }
        }

        throw new ArgumentException(
            $"Unknown architecture '{arch}'; known architectures: {string.Join(", ", Architectures)}.", nameof(arch));
    }

    /// <summary>The paper's ConvLarge (SPEC §4); see <see cref="Models.ConvLarge"/>.</summary>
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
}
