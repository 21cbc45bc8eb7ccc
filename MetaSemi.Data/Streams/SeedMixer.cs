namespace MetaSemi.Data;

/// <summary>The data streams' purpose tags for seeds derived from the run's seed, a tag and an index (<see cref="SplitMix64.Mix"/>).</summary>
internal static class SeedMixer
{
    /// <summary>The paired stream's shuffles and its shared weak-augmentation generator.</summary>
    public const ulong LabeledShuffle = 1, UnlabeledShuffle = 2, Augmentation = 3;

    /// <summary>The single streams' shuffles and weak-augmentation generators.</summary>
    public const ulong SingleLabeledShuffle = 11, SingleUnlabeledShuffle = 12, SingleLabeledAugmentation = 13, SingleUnlabeledAugmentation = 14;

    /// <summary>First tag of the further views (weak2, strong, strong2) of an unlabelled pool; labelled pools use <see cref="LabeledViews"/>.</summary>
    public const ulong UnlabeledViews = 21, LabeledViews = 31;

    /// <summary>Core's <see cref="SplitMix64.Mix"/>: the one copy of the mixing function.</summary>
    public static ulong Mix(long seed, ulong tag, long index) => SplitMix64.Mix(seed, tag, index);
}
