using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// Shake-Shake's shortcut when a stage halves the resolution: concatenate the even and the odd
/// pixel grids (<c>x[:, :, 0::2, 0::2]</c>, <c>x[:, :, 1::2, 1::2]</c>), ReLU, a 1×1 convolution
/// in two groups (with bias, as the reference), BatchNorm. Names: <c>conv</c>, <c>bn</c>.
/// </summary>
public sealed class ShiftConvDownsample : nn.Module<Tensor, Tensor>
{
    private readonly ReLU relu;
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;

    /// <summary>Builds the shortcut.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output (even).</param>
    public ShiftConvDownsample(int inChannels, int outChannels)
        : base(nameof(ShiftConvDownsample))
    {
        relu = nn.ReLU();
        conv = nn.Conv2d(2 * inChannels, outChannels, 1, groups: 2);
        bn = nn.BatchNorm2d(outChannels);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var even = input[.., .., TensorIndex.Slice(0, null, 2), TensorIndex.Slice(0, null, 2)];
        var odd = input[.., .., TensorIndex.Slice(1, null, 2), TensorIndex.Slice(1, null, 2)];
        var x = relu.call(cat([even, odd], 1));
        return bn.call(conv.call(x)).MoveToOuterDisposeScope();
    }
}
