using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// A CPU-sized classifier for 28×28 and 32×32 images (quick start, tests, Fashion-MNIST study):
/// three Conv3×3→BatchNorm→LeakyReLU(0.1) blocks of width w, 2w, 4w, a max-pool and Dropout2d
/// after the first two, global average pooling and a linear classifier. Any input of at least
/// 4×4 pixels works; the feature vector has 4w entries.
/// </summary>
public sealed class SmallCnn : FeatureModel
{
    /// <summary>Default width of the first block (channels); later blocks double it.</summary>
    public const int DefaultWidth = 32;

    /// <summary>Default Dropout2d probability after each max-pool.</summary>
    public const double DefaultDropout = 0.1;

    private readonly Sequential block1;
    private readonly Sequential block2;
    private readonly Sequential block3;
    private readonly AdaptiveAvgPool2d avg_pool;
    private readonly Sequential classifier;

    /// <summary>Builds the network with PyTorch's default initialisation.</summary>
    /// <param name="numClasses">Number of output classes (at least 1).</param>
    /// <param name="inputChannels">Channels of the input images (1 for grey, 3 for colour).</param>
    /// <param name="width">Channels of the first block (at least 1); the others have 2× and 4×.</param>
    /// <param name="dropout">Dropout2d probability after each max-pool, in [0, 1); 0 disables it.</param>
    public SmallCnn(int numClasses, int inputChannels = 1, int width = DefaultWidth, double dropout = DefaultDropout)
        : base(nameof(SmallCnn), numClasses, 4 * Math.Max(width, 1))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (!(dropout >= 0 && dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must lie in [0, 1).");
        }

        block1 = Block(inputChannels, width, pool: true, dropout);
        block2 = Block(width, 2 * width, pool: true, dropout);
        block3 = Block(2 * width, 4 * width, pool: false, dropout);
        avg_pool = nn.AdaptiveAvgPool2d(1);
        classifier = nn.Sequential(nn.Linear(FeatureDimension, numClasses));
        RegisterComponents();
    }

    /// <inheritdoc />
    protected override Tensor ComputeFeatures(Tensor input) =>
        avg_pool.call(block3.call(block2.call(block1.call(input)))).flatten(1);

    /// <inheritdoc />
    protected override Tensor ComputeLogits(Tensor features) => classifier.call(features);

    private static Sequential Block(int inChannels, int outChannels, bool pool, double dropout)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false),
            nn.BatchNorm2d(outChannels),
            new HeldSlopeLeakyReLU(ConvLarge.LeakySlope, inplace: true),
        };
        if (pool)
        {
            layers.Add(nn.MaxPool2d(2, 2));
            if (dropout > 0)
            {
                layers.Add(nn.Dropout2d(dropout));
            }
        }

        return nn.Sequential(layers);
    }
}
