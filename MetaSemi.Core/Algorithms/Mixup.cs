using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// Mixup with one coefficient per sample, λ_i ~ Beta(α, α) (docs/design.md §2.2): images and soft targets are
/// mixed with the same λ_i.
/// </summary>
public static class Mixup
{
    /// <summary>
    /// Draws B coefficients λ ~ Beta(α, α) from <paramref name="generator"/> (a CPU generator), as
    /// float64 on the CPU. Beta is sampled as X/(X+Y) with X, Y ~ Gamma(α) so that every draw comes
    /// from the given generator.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not positive or <paramref name="count"/> is negative.</exception>
    public static torch.Tensor SampleCoefficients(long count, double alpha, torch.Generator generator)
    {
        if (!double.IsFinite(alpha) || alpha <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Mixup.Alpha must be a positive finite number.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(generator);
        using var scope = torch.NewDisposeScope();
        var concentration = torch.full(count, alpha, dtype: torch.float64);
        var x = torch._standard_gamma(concentration, generator);
        var y = torch._standard_gamma(concentration, generator);
        return (x / (x + y)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>λ·a + (1−λ)·b</c> with one λ per row of the leading dimension; <paramref name="lambda"/> is
    /// moved to <paramref name="a"/>'s device and dtype.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes of <paramref name="a"/> and <paramref name="b"/> differ, or λ has the wrong length.</exception>
    public static torch.Tensor Mix(torch.Tensor a, torch.Tensor b, torch.Tensor lambda)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(lambda);
        if (!a.shape.SequenceEqual(b.shape))
        {
            throw new ArgumentException(
                $"Mixup needs batches of the same shape; got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}]: use the same batch size for labelled and unlabelled data.",
                nameof(b));
        }

        if (lambda.dim() != 1 || lambda.shape[0] != a.shape[0])
        {
            throw new ArgumentException($"Expected {a.shape[0]} mixing coefficients; got shape [{string.Join(", ", lambda.shape)}].", nameof(lambda));
        }

        using var scope = torch.NewDisposeScope();
        var shape = new long[a.dim()];
        Array.Fill(shape, 1L);
        shape[0] = a.shape[0];
        var weights = lambda.to(a.dtype, a.device).reshape(shape);
        return (weights * a + (1 - weights) * b).MoveToOuterDisposeScope();
    }
}
