using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>FLOP counts (2 × conv/linear multiply-adds) against hand-derived layer arithmetic.</summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class FlopCounterTests
{
    // Multiply-adds of a stride-1 conv: cin·cout·k²·H_out·W_out.
    private static long Conv(long cin, long cout, long k, long hw) => cin * cout * k * k * hw * hw;

    [Fact]
    public void ConvLarge_on_32x32_counts_every_conv_and_the_classifier()
    {
        using var model = new ConvLarge(numClasses: 10);
        var macs = Conv(3, 128, 3, 32) + Conv(128, 128, 3, 32) + Conv(128, 128, 3, 32)
            + Conv(128, 256, 3, 16) + Conv(256, 256, 3, 16) + Conv(256, 256, 3, 16)
            + Conv(256, 512, 3, 6) + Conv(512, 256, 1, 6) + Conv(256, 128, 1, 6)
            + (128 * 10);
        Assert.Equal(1_462_766_080, 2 * macs);
        Assert.Equal(2 * macs, FlopCounter.Count(model, 1, 3, 32, 32));
    }

    [Fact]
    public void Count_scales_with_the_batch_and_restores_training_mode()
    {
        using var model = new SmallCnn(numClasses: 10, inputChannels: 1);
        model.train();
        var one = FlopCounter.Count(model, 1, 1, 28, 28);
        var macs = Conv(1, 32, 3, 28) + Conv(32, 64, 3, 14) + Conv(64, 128, 3, 7) + (128 * 10);
        Assert.Equal(2 * macs, one);
        Assert.Equal(4 * one, FlopCounter.Count(model, 4, 1, 28, 28));
        Assert.True(model.training);
    }

    [Fact]
    public void Grouped_convolutions_divide_the_input_channels_by_the_groups()
    {
        using var conv = nn.Conv2d(8, 6, 1, groups: 2);
        Assert.Equal(2L * 4 * 6 * 5 * 5, FlopCounter.Count(conv, 1, 8, 5, 5));
    }
}
