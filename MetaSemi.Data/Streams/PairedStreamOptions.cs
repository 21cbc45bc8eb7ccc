using MetaSemi.Algorithms;

namespace MetaSemi.Data;

/// <summary>Options of <see cref="PairedBatchStream"/>.</summary>
public sealed class PairedStreamOptions
{
    /// <summary>
    /// Pairs prepared ahead on a background task (0: prepare in <see cref="PairedBatchStream.Next"/>). Default 4 when
    /// the process may use more than one core, else 0: on one core (<c>taskset -c 1</c>) the task overlaps nothing,
    /// and a second thread doing tensor work opens TorchSharp's temporary-scalar race (docs/reliability.md).
    /// </summary>
    public int PrefetchDepth { get; set; } = DefaultPrefetchDepth;

    /// <summary>The default <see cref="PrefetchDepth"/> on this machine: 4, or 0 when the process may use one core.</summary>
    public static int DefaultPrefetchDepth => Environment.ProcessorCount > 1 ? 4 : 0;

    /// <summary>Whether unlabelled batches carry the hidden true labels (for unlabelled accuracy). Default true.</summary>
    public bool HiddenLabels { get; set; } = true;

    /// <summary>
    /// This process's rank in data-parallel training (0 ≤ Rank &lt; <see cref="WorldSize"/>). Default 0.
    /// </summary>
    /// <remarks>
    /// All ranks build the stream with the same seed, so they share one shuffle of each pass; rank r
    /// takes global batches r, r + WorldSize, r + 2·WorldSize, … of it, so within every pass the ranks'
    /// examples are disjoint and together cover the pass exactly as one process would. Augmentation is
    /// seeded by the global batch number, so each rank draws its own.
    /// </remarks>
    public int Rank { get; set; }

    /// <summary>The number of ranks sharing the stream (1: not sharded, the single-process stream). Default 1.</summary>
    public int WorldSize { get; set; } = 1;

    /// <summary>
    /// μ: each unlabelled batch holds μ × the labelled batch size (FixMatch: 7). Default 1. Global pair g
    /// covers positions [g·B, (g + 1)·B) of the labelled pool and [g·μB, (g + 1)·μB) of the unlabelled one.
    /// </summary>
    public int UnlabeledRatio { get; set; } = 1;

    /// <summary>
    /// The views of each unlabelled batch (<see cref="ViewNames"/>): <see cref="ViewNames.Weak"/> (always
    /// there: <see cref="Batch.Images"/>), <see cref="ViewNames.Weak2"/>, <see cref="ViewNames.Strong"/>,
    /// <see cref="ViewNames.Strong2"/> — each further view an independent draw of its own generator, so
    /// asking for more views leaves the weak view and the labelled batch unchanged. Default: weak only.
    /// </summary>
    public IReadOnlyList<string> UnlabeledViews { get; set; } = [ViewNames.Weak];

    /// <summary>The RandAugment + Cutout of the strong views (docs/design.md §7; default 3 operations).</summary>
    public RandAugment RandAugment { get; set; } = new();

    /// <summary>
    /// Sets <see cref="UnlabeledRatio"/> and <see cref="UnlabeledViews"/> to what <paramref name="requirements"/>
    /// asks for (an algorithm's <c>Requirements</c>); example indices are always provided. Returns this.
    /// </summary>
    public PairedStreamOptions Require(AlgorithmRequirements requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        UnlabeledRatio = requirements.UnlabeledRatio;
        UnlabeledViews = [.. requirements.UnlabeledViews];
        return this;
    }

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        if (UnlabeledRatio < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(UnlabeledRatio), UnlabeledRatio, "UnlabeledRatio (μ) must be 1 or more.");
        }

        if (RandAugment is null)
        {
            throw new ArgumentNullException(nameof(RandAugment), "RandAugment must be set (the default is new RandAugment()).");
        }

        StreamViews.Normalize(UnlabeledViews ?? throw new ArgumentNullException(nameof(UnlabeledViews)), $"{nameof(PairedStreamOptions)}.{nameof(UnlabeledViews)}");

        if (PrefetchDepth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PrefetchDepth), PrefetchDepth, "PrefetchDepth must be 0 or more.");
        }

        if (WorldSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WorldSize), WorldSize, "WorldSize must be 1 or more.");
        }

        if (Rank < 0 || Rank >= WorldSize)
        {
            throw new ArgumentOutOfRangeException(nameof(Rank), Rank, $"Rank must be in [0, WorldSize = {WorldSize}).");
        }
    }
}
