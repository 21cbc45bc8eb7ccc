namespace MetaSemi.Data;

/// <summary>The default sharding of an <see cref="IBatchSource"/>: whole batches dealt out to the shards in turn.</summary>
internal static class BatchShards
{
    public static IEnumerable<Batch> EveryNth(IEnumerable<Batch> batches, int shardIndex, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        if (shardIndex < 0 || shardIndex >= shardCount)
        {
            throw new ArgumentOutOfRangeException(nameof(shardIndex), shardIndex, $"The shard index must be in [0, {shardCount}).");
        }

        return Take(batches, shardIndex, shardCount);
    }

    private static IEnumerable<Batch> Take(IEnumerable<Batch> batches, int shardIndex, int shardCount)
    {
        long i = 0;
        foreach (var batch in batches)
        {
            if (i++ % shardCount == shardIndex)
            {
                yield return batch;
            }
            else
            {
                batch.Dispose();
            }
        }
    }
}
