namespace MetaSemi;

/// <summary>
/// SplitMix64's multipliers and finaliser, the one place that derives well-mixed generator seeds from a run's
/// seed and a few integers (a purpose tag, a rank, a step, an index): neighbouring inputs give unrelated seeds.
/// </summary>
public static class SplitMix64
{
    private const ulong K1 = 0x9E3779B97F4A7C15UL, K2 = 0xBF58476D1CE4E5B9UL, K3 = 0x94D049BB133111EBUL;

    /// <summary>Up to three inputs combined before the finaliser: <c>a·K1 ⊕ b·K2 ⊕ c·K3</c>.</summary>
    public static ulong Combine(ulong a, ulong b, ulong c = 0) => unchecked((a * K1) ^ (b * K2) ^ (c * K3));

    /// <summary>SplitMix64's finaliser (the output function of the generator).</summary>
    public static ulong Finalize(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * K2);
        z = unchecked((z ^ (z >> 27)) * K3);
        return z ^ (z >> 31);
    }

    /// <summary><c>Finalize(Combine(seed, tag, index))</c>: a seed for the <paramref name="index"/>-th use of purpose <paramref name="tag"/>.</summary>
    public static ulong Mix(long seed, ulong tag, long index) => Finalize(Combine(unchecked((ulong)seed), tag, unchecked((ulong)index)));

    /// <summary>A non-negative seed for <c>torch.manual_seed</c> from <see cref="Finalize"/>'s output.</summary>
    public static long ToSeed(ulong mixed) => (long)(mixed >> 1);
}
