using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// The paper's ConvLarge network (docs/design.md §4): nine Conv→BatchNorm→LeakyReLU(0.1) blocks with two
/// max-pools (each followed by Dropout2d 0.5 when stochastic), global average pooling and a
/// linear classifier with an optional BatchNorm1d on top. Sub-module names follow the reference
/// PyTorch implementation (<c>block1.0.weight</c>, <c>block1.1.running_mean</c>, …,
/// <c>classifier.0.weight</c>) so that state dicts move between PyTorch and .NET unchanged.
/// </summary>
public sealed class ConvLarge : FeatureModel
{
    /// <summary>Negative slope of every LeakyReLU, as in the reference.</summary>
    public const double LeakySlope = 0.1;

    /// <summary>Channels of the feature vector before the classifier.</summary>
    public const int FeatureChannels = 128;

    // (out channels, kernel, padding) of the nine blocks; pools follow blocks 3 and 6.
    private static readonly (int Out, int Kernel, int Padding)[] BlockSpecs =
    [
        (128, 3, 1), (128, 3, 1), (128, 3, 1),
        (256, 3, 1), (256, 3, 1), (256, 3, 1),
        (512, 3, 0), (256, 1, 0), (128, 1, 0),
    ];

    private readonly Sequential[] _blocks;
    // Parameter-free, so its name never shows in the state dict; the reference names it the same.
    private readonly Sequential maxpool;
    private readonly AdaptiveAvgPool2d avg_pool;
    private readonly Sequential classifier;

    /// <summary>Builds ConvLarge with PyTorch's default initialisation.</summary>
    /// <param name="numClasses">Number of output classes (at least 1).</param>
    /// <param name="inputChannels">Channels of the input images (3 for colour, 1 for grey).</param>
    /// <param name="stochastic">Whether Dropout2d(0.5) follows each max-pool.</param>
    /// <param name="topBatchNorm">Whether a BatchNorm1d over the logits ends the classifier.</param>
    public ConvLarge(int numClasses, int inputChannels = 3, bool stochastic = true, bool topBatchNorm = false)
        : base(nameof(ConvLarge), numClasses, FeatureChannels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        Stochastic = stochastic;
        TopBatchNorm = topBatchNorm;

        _blocks = new Sequential[BlockSpecs.Length];
        var inChannels = inputChannels;
        for (var i = 0; i < BlockSpecs.Length; i++)
        {
            var (outChannels, kernel, padding) = BlockSpecs[i];
            _blocks[i] = nn.Sequential(
                nn.Conv2d(inChannels, outChannels, kernel, stride: 1, padding: padding, bias: false),
                nn.BatchNorm2d(outChannels),
                new HeldSlopeLeakyReLU(LeakySlope, inplace: true));
            inChannels = outChannels;
        }

        maxpool = stochastic
            ? nn.Sequential(nn.MaxPool2d(2, 2), nn.Dropout2d(0.5))
            : nn.Sequential(nn.MaxPool2d(2, 2));
        avg_pool = nn.AdaptiveAvgPool2d(1);
        classifier = topBatchNorm
            ? nn.Sequential(nn.Linear(FeatureChannels, numClasses), nn.BatchNorm1d(numClasses))
            : nn.Sequential(nn.Linear(FeatureChannels, numClasses));

        // Registration order fixes the parameter order (block1..block9, classifier), so optimizer
        // state saved by PyTorch lines up index by index.
        for (var i = 0; i < _blocks.Length; i++)
        {
            register_module($"block{i + 1}", _blocks[i]);
        }

        register_module(nameof(maxpool), maxpool);
        register_module(nameof(avg_pool), avg_pool);
        register_module(nameof(classifier), classifier);
    }

    /// <summary>Whether Dropout2d follows each max-pool.</summary>
    public bool Stochastic { get; }

    /// <summary>Whether the classifier ends with BatchNorm1d.</summary>
    public bool TopBatchNorm { get; }

    /// <inheritdoc />
    protected override Tensor ComputeFeatures(Tensor input)
    {
        var x = input;
        for (var i = 0; i < _blocks.Length; i++)
        {
            x = _blocks[i].call(x);
            if (i == 2 || i == 5)
            {
                x = maxpool.call(x);
            }
        }

        return avg_pool.call(x).flatten(1);
    }

    /// <inheritdoc />
    protected override Tensor ComputeLogits(Tensor features) => classifier.call(features);
}
