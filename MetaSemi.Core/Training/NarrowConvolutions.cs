using TorchSharp;
using TorchSharp.Modules;

namespace MetaSemi;

/// <summary>
/// Finds the convolutions that libtorch 2.10's oneDNN kernels get wrong on the machine this library is tested on
/// (docs/reliability.md, "Narrow convolutions"): in float32 the gradient a convolution passes back to its input,
/// and in bf16 its output too, are wrong — off by up to the size of the values, sometimes NaN, changing from run
/// to run — when the convolution has a kernel larger than 1×1 and a channel count (see
/// <see cref="NarrowConvolution.Channels"/>) that is not a multiple of <see cref="ChannelBlock"/>, the block that
/// oneDNN pads channels to. The zoo's networks have none. The trainer refuses such a model in bf16 and warns
/// about it in float32.
/// </summary>
public static class NarrowConvolutions
{
    /// <summary>The channel block: 16 float32 values, one AVX-512 register.</summary>
    public const int ChannelBlock = 16;

    /// <summary>The model's convolutions with a kernel larger than 1×1 and a channel count that is not a multiple of <see cref="ChannelBlock"/>, in registration order.</summary>
    /// <param name="model">The model to look through.</param>
    public static IReadOnlyList<NarrowConvolution> Find(torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var found = new List<NarrowConvolution>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is Convolution convolution && convolution.kernel_size.Aggregate(1L, (a, b) => a * b) > 1)
            {
                var channels = convolution.transposed ? convolution.in_channels : convolution.out_channels;
                if (channels % ChannelBlock != 0)
                {
                    found.Add(new NarrowConvolution(name.Length == 0 ? "(the model)" : name, channels));
                }
            }
        }

        return found;
    }

    /// <summary>The layers as one line, for messages: <c>a (4 channels), b (10 channels)</c>.</summary>
    internal static string Describe(IReadOnlyList<NarrowConvolution> layers) => string.Join(", ", layers);
}
