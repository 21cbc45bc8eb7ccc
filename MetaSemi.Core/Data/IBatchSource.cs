namespace MetaSemi.Data;

/// <summary>A finite labelled data set read in order, for evaluation (test set, feature extraction).</summary>
public interface IBatchSource
{
    /// <summary>Number of examples.</summary>
    int Count { get; }

    /// <summary>Number of classes.</summary>
    int NumClasses { get; }

    /// <summary>
    /// The data set in order, in batches of <paramref name="batchSize"/> (the last may be smaller),
    /// normalised as for testing, on the CPU; the caller disposes each batch.
    /// </summary>
    IEnumerable<Batch> GetBatches(int batchSize);

    /// <summary>
    /// Shard <paramref name="shardIndex"/> of <paramref name="shardCount"/> of the data set, for
    /// evaluation sharded across ranks: the shards are disjoint and together hold every example once.
    /// The default takes every <paramref name="shardCount"/>-th batch of <see cref="GetBatches(int)"/>
    /// (reading and dropping the others); sources that can address examples directly override it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or index is out of range.</exception>
    IEnumerable<Batch> GetBatches(int batchSize, int shardIndex, int shardCount) =>
        BatchShards.EveryNth(GetBatches(batchSize), shardIndex, shardCount);
}
