using MetaSemi.Benchmarks;
using MetaSemi.Tests.Cli;

namespace MetaSemi.Tests.Core.Precision;

/// <summary>docs/precision.md: MetaSemi's finite-difference meta-gradient in a bf16 step against the exact float32 one.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class FiniteDifferenceMetaGradientUnderBf16Tests
{
    [BFloat16Fact]
    public void With_its_plus_and_minus_forwards_in_float32_G_fd_under_bf16_stays_within_one_percent_of_the_exact_meta_gradient()
    {
        var c = PrecisionFdRun.Measure(1, ShippedData.FashionMnistSmall);

        // The finite difference's own error, in float32, is a few per mille (docs/precision.md).
        Assert.InRange(c.Fp32Error, 1e-4, 5e-3);
        Assert.InRange(c.Bf16Error, 1e-4, 1e-2);
        Assert.InRange(c.Bf16Cosine, 0.9999, 1.0);

        // bf16 really ran: the labelled gradient and p changed, so G is not the float32 one.
        Assert.NotEqual(c.Fp32Error, c.Bf16Error);
    }
}
