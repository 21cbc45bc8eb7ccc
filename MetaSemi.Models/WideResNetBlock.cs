using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// Pre-activation basic block of the FixMatch/USB Wide ResNet: BN→LeakyReLU(0.1)→Conv3×3→
/// BN→LeakyReLU→(dropout)→Conv3×3 plus the identity or a 1×1 <c>convShortcut</c>. As in those
/// implementations, a width-changing block activates its input before the shortcut only when
/// <c>activateBeforeResidual</c> (the first stage); otherwise its first conv sees the raw input.
/// </summary>
public sealed class WideResNetBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>BatchNorm momentum of the FixMatch implementation (PyTorch convention).</summary>
    public const double BatchNormMomentum = 0.001;

    private readonly BatchNorm2d bn1;
    private readonly HeldSlopeLeakyReLU relu1;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn2;
    private readonly HeldSlopeLeakyReLU relu2;
    private readonly Conv2d conv2;
    private readonly Conv2d? convShortcut;
    private readonly double _dropRate;
    private readonly bool _activateBeforeResidual;

    /// <summary>Builds the block.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output.</param>
    /// <param name="stride">Stride of the first convolution and of the shortcut.</param>
    /// <param name="dropRate">Dropout probability between the convolutions (0 disables it).</param>
    /// <param name="activateBeforeResidual">Whether a width-changing block feeds its activated input to the shortcut.</param>
    public WideResNetBlock(int inChannels, int outChannels, int stride, double dropRate = 0, bool activateBeforeResidual = false)
        : base(nameof(WideResNetBlock))
    {
        bn1 = nn.BatchNorm2d(inChannels, momentum: BatchNormMomentum);
        relu1 = new HeldSlopeLeakyReLU(ConvLarge.LeakySlope);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels, momentum: BatchNormMomentum);
        relu2 = new HeldSlopeLeakyReLU(ConvLarge.LeakySlope);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        convShortcut = inChannels == outChannels ? null : nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false);
        _dropRate = dropRate;
        _activateBeforeResidual = activateBeforeResidual;
        RegisterComponents();
    }

    /// <summary>Whether a width-changing block feeds its activated input to the shortcut (read by ONNX export).</summary>
    internal bool ActivateBeforeResidual => _activateBeforeResidual;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        Tensor branchInput;
        if (convShortcut is not null && _activateBeforeResidual)
        {
            x = relu1.call(bn1.call(input));
            branchInput = x;
        }
        else
        {
            var activated = relu1.call(bn1.call(input));
            branchInput = convShortcut is null ? activated : input;
        }

        var output = relu2.call(bn2.call(conv1.call(branchInput)));
        if (_dropRate > 0)
        {
            output = nn.functional.dropout(output, _dropRate, training);
        }

        output = conv2.call(output);
        var residual = convShortcut is null ? x : convShortcut.call(x);
        return HeldScalars.Sum(residual, output).MoveToOuterDisposeScope();
    }
}
