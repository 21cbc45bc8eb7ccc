using System.Diagnostics;
using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// The training streams of docs/design.md §3 over an image collection (in memory or decoded on demand): an infinite
/// labelled stream and an infinite unlabelled stream, each reshuffled on every pass, augmented per batch.
/// Pair n is a pure function of (seed, n) — shuffles and augmentation draws come from generators seeded by
/// the run's seed and n — so <see cref="Seek"/> is exact and prefetching changes nothing but timing. Pairs are
/// prepared on a background task into a bounded queue; <see cref="PairedBatch.DataWaitSeconds"/> is
/// the time <see cref="Next"/> blocked.
/// For the supervised baseline pass the labelled indices as both pools: two independent shuffles of
/// the labelled set (the second batch carries its labels).
/// </summary>
/// <remarks>
/// <para>The unlabelled batch holds μ × B examples (<see cref="PairedStreamOptions.UnlabeledRatio"/>), carries
/// the views of <see cref="PairedStreamOptions.UnlabeledViews"/> and, always, the examples' positions in the
/// unlabelled pool as <see cref="Batch.Indices"/>. The labelled batch and the unlabelled weak view are drawn
/// from one generator (seed, n), labelled first; each further view from its own (seed, view, n), so the
/// default stream (μ 1, weak only) is the stream of before views, bit for bit.</para>
/// <para>Sharded for data-parallel training (<see cref="PairedStreamOptions.Rank"/>,
/// <see cref="PairedStreamOptions.WorldSize"/> = W): global pair g covers stream positions
/// [g·B, (g + 1)·B) of the labelled pool and [g·μB, (g + 1)·μB) of the unlabelled pool, and rank r draws
/// pairs g = Position + r; every <see cref="Next"/> then advances <see cref="Position"/> by W. So
/// <see cref="Position"/> counts the pairs drawn by all ranks together, is the same on every rank, and means
/// the same for any W: a checkpoint's position resumes on any number of ranks at the same place in the data
/// (only the grouping into steps differs). With W = 1 the stream is the single-process stream, unchanged.</para>
/// </remarks>
public sealed class PairedBatchStream : IPairedBatchSource
{
    private readonly PoolBatches _labeled;
    private readonly PoolBatches _unlabeled;
    private readonly long _seed;
    private readonly int _rank;
    private readonly int _worldSize;
    private readonly Prefetcher<PairedBatch> _prefetcher;
    private bool _disposed;

    /// <summary>Creates the streams over an in-memory data set; <paramref name="data"/> stays owned by the caller and must outlive the stream.</summary>
    /// <exception cref="ArgumentException">A pool is empty or holds an index outside the data set, or an option is invalid.</exception>
    public PairedBatchStream(
        ImageDataset data,
        IReadOnlyList<int> labeledIndices,
        IReadOnlyList<int> unlabeledIndices,
        int batchSize,
        IBatchAugmentation augmentation,
        long seed,
        PairedStreamOptions? options = null)
        : this(new InMemoryImages(data, augmentation), labeledIndices, unlabeledIndices, batchSize, seed, options)
    {
    }

    /// <summary>Creates the streams over any image collection (in memory, folder, RecordIO).</summary>
    /// <exception cref="ArgumentException">A pool is empty or holds an index outside the collection, or an option is invalid.</exception>
    public PairedBatchStream(
        IImageCollection images,
        IReadOnlyList<int> labeledIndices,
        IReadOnlyList<int> unlabeledIndices,
        int batchSize,
        long seed,
        PairedStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labeledIndices);
        ArgumentNullException.ThrowIfNull(unlabeledIndices);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var o = options ?? new PairedStreamOptions();
        o.Validate();
        const string Views = $"{nameof(PairedStreamOptions)}.{nameof(PairedStreamOptions.UnlabeledViews)}";
        _labeled = new PoolBatches(images, labeledIndices, nameof(labeledIndices), batchSize, seed, SeedMixer.LabeledShuffle,
            SeedMixer.LabeledViews, withLabels: true, [ViewNames.Weak], o.RandAugment, Views);
        _unlabeled = new PoolBatches(images, unlabeledIndices, nameof(unlabeledIndices), checked(batchSize * o.UnlabeledRatio), seed,
            SeedMixer.UnlabeledShuffle, SeedMixer.UnlabeledViews, o.HiddenLabels, o.UnlabeledViews, o.RandAugment, Views);
        _seed = seed;
        _rank = o.Rank;
        _worldSize = o.WorldSize;
        UnlabeledRatio = o.UnlabeledRatio;
        _prefetcher = new Prefetcher<PairedBatch>(Prepare, o.PrefetchDepth, o.WorldSize);
    }

    /// <inheritdoc />
    public int NumClasses => _labeled.NumClasses;

    /// <inheritdoc />
    public int BatchSize => _labeled.BatchSize;

    /// <summary>μ: unlabelled examples per labelled example in a pair.</summary>
    public int UnlabeledRatio { get; }

    /// <inheritdoc />
    public int UnlabeledBatchSize => _unlabeled.BatchSize;

    /// <inheritdoc />
    public IReadOnlyList<string> UnlabeledViews => _unlabeled.Views;

    /// <inheritdoc />
    /// <remarks>Always true: <see cref="Batch.Indices"/> are positions in the unlabelled pool.</remarks>
    public bool ProvidesUnlabeledIndices => true;

    /// <inheritdoc />
    public long UnlabeledCount => _unlabeled.Count;

    /// <inheritdoc />
    /// <remarks>Pairs drawn by all ranks together (see the class remarks).</remarks>
    public long Position { get; private set; }

    /// <inheritdoc />
    public int ShardIndex => _rank;

    /// <inheritdoc />
    public int ShardCount => _worldSize;

    /// <inheritdoc />
    public PairedBatch Next()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var clock = Stopwatch.StartNew();
        var item = _prefetcher.Next(Position + _rank);
        Position += _worldSize;
        return new PairedBatch(item.Labeled, item.Unlabeled, clock.Elapsed.TotalSeconds);
    }

    /// <inheritdoc />
    public void Seek(long position)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (position == Position)
        {
            return;
        }

        _prefetcher.Stop();
        Position = position;
    }

    /// <summary>Builds global pair <paramref name="n"/>: index draws, gather, augmentation (all seeded by n).</summary>
    private PairedBatch Prepare(long n)
    {
        using var generator = new torch.Generator(SeedMixer.Mix(_seed, SeedMixer.Augmentation, n));
        var labeled = _labeled.Draw(n, generator);
        try
        {
            return new PairedBatch(labeled, _unlabeled.Draw(n, generator));
        }
        catch
        {
            labeled.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _prefetcher.Dispose();
        _disposed = true;
    }
}
