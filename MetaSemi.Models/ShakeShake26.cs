using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// Shake-Shake 26 2×96d for 32×32 images (docs/design.md §4), laid out as the reference's ResNet32x32:
/// <c>conv1</c> (3×3, 16), <c>layer1</c>..<c>layer3</c> of four <see cref="ShakeShakeBlock"/>s
/// with widths 96, 192, 384 (layer1 enters through a 1×1 conv + BN shortcut, layers 2 and 3
/// through <see cref="ShiftConvDownsample"/>), global average pooling and <c>fc</c>.
/// Convolutions start He-normal (std √(2 / (k²·out))), BatchNorm at weight 1, bias 0.
/// </summary>
public sealed class ShakeShake26 : FeatureModel
{
    /// <summary>Width of the first stage; the others double it.</summary>
    public const int BaseWidth = 96;

    private const int BlocksPerStage = 4;
    private const int StemChannels = 16;

    private readonly Conv2d conv1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    /// <summary>Builds the network.</summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    /// <param name="randomBackwardGateInEval">
    /// Keep the random backward gate in eval mode as the reference does; by default eval mode
    /// back-propagates the true gradient of the branch average (see <see cref="ShakeGate"/>).
    /// </param>
    public ShakeShake26(int numClasses, int inputChannels = 3, bool randomBackwardGateInEval = false)
        : base(nameof(ShakeShake26), numClasses, 4 * BaseWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        RandomBackwardGateInEval = randomBackwardGateInEval;
        conv1 = nn.Conv2d(inputChannels, StemChannels, 3, padding: 1, bias: false);
        layer1 = Stage(StemChannels, BaseWidth, stride: 1, randomBackwardGateInEval);
        layer2 = Stage(BaseWidth, 2 * BaseWidth, stride: 2, randomBackwardGateInEval);
        layer3 = Stage(2 * BaseWidth, 4 * BaseWidth, stride: 2, randomBackwardGateInEval);
        avgpool = nn.AdaptiveAvgPool2d(1);
        fc = nn.Linear(4 * BaseWidth, numClasses);
        RegisterComponents();
        Initialize();
    }

    /// <summary>Whether eval mode keeps the random backward gate (the reference's behaviour).</summary>
    public bool RandomBackwardGateInEval { get; }

    /// <inheritdoc />
    protected override Tensor ComputeFeatures(Tensor input) =>
        avgpool.call(layer3.call(layer2.call(layer1.call(conv1.call(input))))).flatten(1);

    /// <inheritdoc />
    protected override Tensor ComputeLogits(Tensor features) => fc.call(features);

    private static Sequential Stage(int inChannels, int outChannels, int stride, bool randomBackwardGateInEval)
    {
        // The reference: a 1×1 conv + BN shortcut when only the width changes, shift-conv when the
        // resolution halves.
        nn.Module<Tensor, Tensor> shortcut = stride == 1
            ? nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, bias: false), nn.BatchNorm2d(outChannels))
            : new ShiftConvDownsample(inChannels, outChannels);
        var blocks = new List<nn.Module<Tensor, Tensor>> { new ShakeShakeBlock(inChannels, outChannels, stride, shortcut, randomBackwardGateInEval) };
        for (var i = 1; i < BlocksPerStage; i++)
        {
            blocks.Add(new ShakeShakeBlock(outChannels, outChannels, randomBackwardGateInEval: randomBackwardGateInEval));
        }

        return nn.Sequential(blocks);
    }

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
            }
        }
    }
}
