using MetaSemi.Algorithms;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>Per-sample Beta(α, α) mixup (docs/design.md §2.2).</summary>
public sealed class MixupTests
{
    [Fact]
    public void Coefficients_are_reproducible_from_the_seed_and_follow_Beta_moments()
    {
        using var scope = NewDisposeScope();
        var first = Mixup.SampleCoefficients(20_000, 1.0, new Generator(9));
        var again = Mixup.SampleCoefficients(20_000, 1.0, new Generator(9));
        var skewed = Mixup.SampleCoefficients(20_000, 0.1, new Generator(9));

        Assert.True(TensorAssert.Identical(first, again));
        Assert.True(first.ge(0).all().item<bool>() && first.le(1).all().item<bool>());

        // Beta(α, α): mean 1/2, variance 1/(4(2α+1)) → 1/12 for α = 1, 1/4.8 for α = 0.1.
        Assert.Equal(0.5, first.mean().item<double>(), 0.01);
        Assert.Equal(1.0 / 12, first.var().item<double>(), 0.003);
        Assert.Equal(1.0 / 4.8, skewed.var().item<double>(), 0.006);
    }

    [Fact]
    public void Mix_combines_each_row_with_its_own_coefficient()
    {
        using var scope = NewDisposeScope();
        var a = ones(3, 2, 2, 2);
        var b = zeros(3, 2, 2, 2);
        var lambda = tensor(new double[] { 0.0, 0.25, 1.0 });

        var mixed = Mixup.Mix(a, b, lambda);

        Assert.Equal(ScalarType.Float32, mixed.dtype);
        Assert.Equal(new float[] { 0, 0.25f, 1 }, mixed.mean([1, 2, 3]).data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => Mixup.Mix(a, zeros(2, 2, 2, 2), lambda));
    }
}
