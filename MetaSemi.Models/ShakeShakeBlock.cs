using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// One shake-shake residual block: two branches ReLU→Conv3×3→BN→ReLU→Conv3×3→BN mixed by
/// <see cref="ShakeGate"/>, plus the identity or a downsampling shortcut. Names follow the
/// reference: <c>conv_a1</c>, <c>bn_a1</c>, …, <c>conv_b2</c>, <c>bn_b2</c>, <c>downsample</c>.
/// </summary>
public sealed class ShakeShakeBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv_a1;
    private readonly BatchNorm2d bn_a1;
    private readonly Conv2d conv_a2;
    private readonly BatchNorm2d bn_a2;
    private readonly Conv2d conv_b1;
    private readonly BatchNorm2d bn_b1;
    private readonly Conv2d conv_b2;
    private readonly BatchNorm2d bn_b2;
    private readonly nn.Module<Tensor, Tensor>? downsample;

    /// <summary>Builds the block.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output.</param>
    /// <param name="stride">Stride of the first convolution of each branch (1 or 2).</param>
    /// <param name="downsample">The shortcut when shapes change; null for the identity.</param>
    /// <param name="randomBackwardGateInEval">Keep the random backward gate in eval mode, as the reference does (see <see cref="ShakeGate"/>).</param>
    public ShakeShakeBlock(int inChannels, int outChannels, int stride = 1, nn.Module<Tensor, Tensor>? downsample = null, bool randomBackwardGateInEval = false)
        : base(nameof(ShakeShakeBlock))
    {
        RandomBackwardGateInEval = randomBackwardGateInEval;
        conv_a1 = Conv3x3(inChannels, outChannels, stride);
        bn_a1 = nn.BatchNorm2d(outChannels);
        conv_a2 = Conv3x3(outChannels, outChannels, 1);
        bn_a2 = nn.BatchNorm2d(outChannels);
        conv_b1 = Conv3x3(inChannels, outChannels, stride);
        bn_b1 = nn.BatchNorm2d(outChannels);
        conv_b2 = Conv3x3(outChannels, outChannels, 1);
        bn_b2 = nn.BatchNorm2d(outChannels);
        this.downsample = downsample;
        RegisterComponents();
    }

    /// <summary>Whether eval mode keeps the random backward gate (the reference's behaviour).</summary>
    public bool RandomBackwardGateInEval { get; }

    /// <summary>First branch alone.</summary>
    /// <param name="input">Block input.</param>
    public Tensor BranchA(Tensor input) => Branch(input, conv_a1, bn_a1, conv_a2, bn_a2);

    /// <summary>Second branch alone.</summary>
    /// <param name="input">Block input.</param>
    public Tensor BranchB(Tensor input) => Branch(input, conv_b1, bn_b1, conv_b2, bn_b2);

    /// <summary>The shortcut alone: the input itself or its downsampled projection.</summary>
    /// <param name="input">Block input.</param>
    public Tensor Shortcut(Tensor input) => downsample is null ? input.alias() : downsample.call(input);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var mixed = ShakeGate.Apply(BranchA(input), BranchB(input), training, RandomBackwardGateInEval);
        return ShakeGate.Sum(Shortcut(input), mixed).MoveToOuterDisposeScope();
    }

    private static Conv2d Conv3x3(int inChannels, int outChannels, int stride) =>
        nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);

    private static Tensor Branch(Tensor input, Conv2d conv1, BatchNorm2d bn1, Conv2d conv2, BatchNorm2d bn2)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(input);
        x = nn.functional.relu(bn1.call(conv1.call(x)));
        return bn2.call(conv2.call(x)).MoveToOuterDisposeScope();
    }
}
