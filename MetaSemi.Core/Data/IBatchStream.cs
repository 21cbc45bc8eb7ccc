namespace MetaSemi.Data;

/// <summary>
/// One infinite training stream (labelled or unlabelled) of docs/design.md §3: batches on the CPU, reshuffled on
/// every pass, all randomness from one seed. Deterministic: after <see cref="Seek"/>(n) the stream
/// yields exactly what it would have yielded after n calls of <see cref="Next"/>. Two of them make an
/// <see cref="IPairedBatchSource"/> through <see cref="PairedBatchSource"/>.
/// </summary>
public interface IBatchStream
{
    /// <summary>Number of classes of the data (also for unlabelled data, whose hidden labels may be absent).</summary>
    int NumClasses { get; }

    /// <summary>Examples per batch.</summary>
    int BatchSize { get; }

    /// <summary>Batches drawn so far (the stream position stored in checkpoints).</summary>
    long Position { get; }

    /// <summary>The views each batch carries (<see cref="ViewNames"/>); at least <see cref="ViewNames.Weak"/>, which is <see cref="Batch.Images"/>.</summary>
    IReadOnlyList<string> Views => [ViewNames.Weak];

    /// <summary>Whether batches carry <see cref="Batch.Indices"/> (positions in the stream's pool).</summary>
    bool ProvidesIndices => false;

    /// <summary>The size of the stream's pool (the range of <see cref="Batch.Indices"/>); 0 when unknown.</summary>
    long PoolCount => 0;

    /// <summary>The next batch, on the CPU; the caller owns and disposes it.</summary>
    Batch Next();

    /// <summary>Moves the stream to <paramref name="position"/> batches drawn since the start.</summary>
    void Seek(long position);
}
