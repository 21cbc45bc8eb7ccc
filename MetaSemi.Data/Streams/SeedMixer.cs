namespace MetaSemi.Data;

/// <summary>Derives independent generator seeds from the run's seed, a purpose tag and an index (SplitMix64 finaliser).</summary>
internal static class SeedMixer
{
    public const ulong LabeledShuffle = 1, UnlabeledShuffle = 2, Augmentation = 3;

    public static ulong Mix(long seed, ulong tag, long index)
    {
        ulong z = unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) ^ (tag * 0xBF58476D1CE4E5B9UL) ^ ((ulong)index * 0x94D049BB133111EBUL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
