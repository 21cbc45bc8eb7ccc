namespace MetaSemi.Data;

/// <summary>Options of <see cref="PairedBatchStream"/>.</summary>
public sealed class PairedStreamOptions
{
    /// <summary>Pairs prepared ahead on a background task (0: prepare in <see cref="PairedBatchStream.Next"/>). Default 4.</summary>
    public int PrefetchDepth { get; set; } = 4;

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

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
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
