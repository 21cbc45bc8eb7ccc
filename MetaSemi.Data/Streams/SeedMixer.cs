namespace MetaSemi.Data;

/// <summary>Derives independent generator seeds from the run's seed, a purpose tag and an index (SplitMix64 finaliser).</summary>
internal static class SeedMixer
{
    /// <summary>The paired stream's shuffles and its shared weak-augmentation generator.</summary>
    public const ulong LabeledShuffle = 1, UnlabeledShuffle = 2, Augmentation = 3;

    /// <summary>The single streams' shuffles and weak-augmentation generators.</summary>
    public const ulong SingleLabeledShuffle = 11, SingleUnlabeledShuffle = 12, SingleLabeledAugmentation = 13, SingleUnlabeledAugmentation = 14;

    /// <summary>First tag of the further views (weak2, strong, strong2) of an unlabelled pool; labelled pools use <see cref="LabeledViews"/>.</summary>
    public const ulong UnlabeledViews = 21, LabeledViews = 31;

    public static ulong Mix(long seed, ulong tag, long index)
    {
        ulong z = unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) ^ (tag * 0xBF58476D1CE4E5B9UL) ^ ((ulong)index * 0x94D049BB133111EBUL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
