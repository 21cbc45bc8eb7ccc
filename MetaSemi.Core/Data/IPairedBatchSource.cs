namespace MetaSemi.Data;

/// <summary>
/// Infinite labelled and unlabelled streams for training (docs/design.md §3): each stream reshuffles on every
/// pass, all randomness from one seed. Deterministic: after <see cref="Seek"/>(n) the stream yields
/// exactly what it would have yielded after n calls of <see cref="Next"/>, so a resumed run sees the
/// same data as an uninterrupted one.
/// </summary>
public interface IPairedBatchSource : IDisposable
{
    /// <summary>Number of classes of the labelled data.</summary>
    int NumClasses { get; }

    /// <summary>Labelled (and unlabelled) batch size.</summary>
    int BatchSize { get; }

    /// <summary>
    /// Number of pairs drawn so far (the stream position stored in checkpoints). A sharded source
    /// counts the pairs drawn by all its shards together, so the position means the same whatever the
    /// number of shards.
    /// </summary>
    long Position { get; }

    /// <summary>
    /// Which shard of the data this source draws in data-parallel training (its rank); 0 for a source
    /// that is not sharded.
    /// </summary>
    int ShardIndex => 0;

    /// <summary>
    /// The number of shards the data is split into (the number of ranks); 1 for a source that is not
    /// sharded. <see cref="SemiSupervisedTrainerBuilder.WithDistributed"/> requires it to equal the
    /// communicator's size and <see cref="ShardIndex"/> its rank.
    /// </summary>
    int ShardCount => 1;

    /// <summary>Unlabelled examples per pair: μ × <see cref="BatchSize"/> (μ = 1 unless the source was made with a ratio).</summary>
    int UnlabeledBatchSize => BatchSize;

    /// <summary>The views each unlabelled batch carries (<see cref="ViewNames"/>); at least <see cref="ViewNames.Weak"/>.</summary>
    IReadOnlyList<string> UnlabeledViews => [ViewNames.Weak];

    /// <summary>Whether unlabelled batches carry <see cref="Batch.Indices"/>.</summary>
    bool ProvidesUnlabeledIndices => false;

    /// <summary>The size of the unlabelled pool (the range of <see cref="Batch.Indices"/>); 0 when unknown.</summary>
    long UnlabeledCount => 0;

    /// <summary>The next pair, on the CPU; the caller owns and disposes it.</summary>
    PairedBatch Next();

    /// <summary>Moves the stream to <paramref name="position"/> pairs drawn since the start.</summary>
    void Seek(long position);
}
