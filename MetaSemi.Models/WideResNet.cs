using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// The Wide ResNet of FixMatch and USB for 32×32 images (WRN-28-2 is the CIFAR-10 backbone of
/// the field): <c>conv1</c>, stages <c>block1</c>..<c>block3</c> (each <c>.layer.N</c>) of
/// <see cref="WideResNetBlock"/>s with widths 16k, 32k, 64k, then BN→LeakyReLU(0.1), global
/// average pooling and <c>fc</c>. Convs start He-normal (fan-out), BatchNorm at 1 and 0, the
/// classifier Xavier-normal with zero bias.
/// </summary>
public sealed class WideResNet : FeatureModel
{
    private readonly Conv2d conv1;
    private readonly WideResNetStage block1;
    private readonly WideResNetStage block2;
    private readonly WideResNetStage block3;
    private readonly BatchNorm2d bn1;
    private readonly HeldSlopeLeakyReLU relu;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    /// <summary>The depth (28 for the zoo's WRN-28-2).</summary>
    public int Depth { get; }

    /// <summary>The width multiplier k (2 for the zoo's WRN-28-2).</summary>
    public int WidenFactor { get; }

    /// <summary>Builds WRN-<paramref name="depth"/>-<paramref name="widenFactor"/>.</summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="depth">Depth; (depth − 4) must be a positive multiple of 6 (28 → 4 blocks per stage).</param>
    /// <param name="widenFactor">Width multiplier k (at least 1).</param>
    /// <param name="dropRate">Dropout inside the blocks (0 in FixMatch).</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    public WideResNet(int numClasses, int depth = 28, int widenFactor = 2, double dropRate = 0, int inputChannels = 3)
        : base(nameof(WideResNet), numClasses, 64 * Math.Max(widenFactor, 1))
    {
        if (depth < 10 || (depth - 4) % 6 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "Wide ResNet depth must be 6n + 4 with n ≥ 1 (e.g. 28).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(widenFactor, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        if (!(dropRate >= 0 && dropRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropRate), dropRate, "Dropout probability must lie in [0, 1).");
        }

        Depth = depth;
        WidenFactor = widenFactor;
        var perStage = (depth - 4) / 6;
        int[] channels = [16, 16 * widenFactor, 32 * widenFactor, 64 * widenFactor];
        conv1 = nn.Conv2d(inputChannels, channels[0], 3, padding: 1, bias: false);
        block1 = new WideResNetStage(perStage, channels[0], channels[1], 1, dropRate, activateBeforeResidual: true);
        block2 = new WideResNetStage(perStage, channels[1], channels[2], 2, dropRate, activateBeforeResidual: false);
        block3 = new WideResNetStage(perStage, channels[2], channels[3], 2, dropRate, activateBeforeResidual: false);
        bn1 = nn.BatchNorm2d(channels[3], momentum: WideResNetBlock.BatchNormMomentum);
        relu = new HeldSlopeLeakyReLU(ConvLarge.LeakySlope);
        avgpool = nn.AdaptiveAvgPool2d(1);
        fc = nn.Linear(channels[3], numClasses);
        RegisterComponents();
        Initialize();
    }

    /// <inheritdoc />
    protected override Tensor ComputeFeatures(Tensor input)
    {
        var x = block3.call(block2.call(block1.call(conv1.call(input))));
        return avgpool.call(relu.call(bn1.call(x))).flatten(1);
    }

    /// <inheritdoc />
    protected override Tensor ComputeLogits(Tensor features) => fc.call(features);

    private void Initialize()
    {
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    var fanOut = conv.kernel_size[0] * conv.kernel_size[1] * conv.out_channels;
                    conv.weight!.normal_(0, Math.Sqrt(2.0 / fanOut));
                    break;
                case BatchNorm2d bn:
                    bn.weight!.fill_(1);
                    bn.bias!.zero_();
                    break;
                case Linear linear:
                    nn.init.xavier_normal_(linear.weight!);
                    linear.bias!.zero_();
                    break;
            }
        }
    }

    /// <summary>One stage, named <c>layer</c> inside as in the FixMatch code (<c>block1.layer.0…</c>).</summary>
    private sealed class WideResNetStage : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential layer;

        public WideResNetStage(int blocks, int inChannels, int outChannels, int stride, double dropRate, bool activateBeforeResidual)
            : base(nameof(WideResNetStage))
        {
            var list = new List<nn.Module<Tensor, Tensor>>();
            for (var i = 0; i < blocks; i++)
            {
                list.Add(new WideResNetBlock(i == 0 ? inChannels : outChannels, outChannels, i == 0 ? stride : 1, dropRate, activateBeforeResidual));
            }

            layer = nn.Sequential(list);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => layer.call(input);
    }
}
