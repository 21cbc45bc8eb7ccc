using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// One infinite training stream over a pool of an image collection (docs/design.md §3): reshuffled on every pass,
/// augmented per batch, batch n a pure function of (seed, n), so <see cref="Seek"/> is exact. Two of them —
/// <see cref="Labeled"/> and <see cref="Unlabeled"/> — are what <c>WithData(labeled, unlabeled, test)</c>
/// pairs; the unlabelled one may be μ times as large and carry further views. The same batch-making and
/// prefetching code as <see cref="PairedBatchStream"/> (a bounded queue filled on a background task;
/// <c>prefetchDepth</c> 0 prepares in <see cref="Next"/>), but with a generator of its own per stream,
/// so its draws differ from a <see cref="PairedBatchStream"/> of the same seed.
/// </summary>
public sealed class ImageBatchStream : IBatchStream, IDisposable
{
    private readonly PoolBatches _batches;
    private readonly long _seed;
    private readonly ulong _augmentationTag;
    private readonly Prefetcher<Batch> _prefetcher;
    private bool _disposed;

    private ImageBatchStream(PoolBatches batches, long seed, ulong augmentationTag, int prefetchDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefetchDepth);
        _batches = batches;
        _seed = seed;
        _augmentationTag = augmentationTag;
        _prefetcher = new Prefetcher<Batch>(Prepare, prefetchDepth, stride: 1);
    }

    /// <summary>The labelled stream over <paramref name="pool"/> (e.g. <c>split.Labeled</c>); batches carry labels.</summary>
    /// <exception cref="ArgumentException">The pool is empty or holds an index outside the collection.</exception>
    public static ImageBatchStream Labeled(IImageCollection images, IReadOnlyList<int> pool, int batchSize, long seed, int prefetchDepth = 0) =>
        new(
            new PoolBatches(images, pool, nameof(pool), batchSize, seed, SeedMixer.SingleLabeledShuffle, SeedMixer.LabeledViews, withLabels: true,
                [ViewNames.Weak], new RandAugment(), "views"),
            seed,
            SeedMixer.SingleLabeledAugmentation,
            prefetchDepth);

    /// <summary>
    /// The unlabelled stream over <paramref name="pool"/> (e.g. <c>split.Unlabeled</c>); with
    /// <paramref name="hiddenLabels"/> batches carry the true labels, used only to report unlabelled accuracy.
    /// Batches carry <paramref name="views"/> (default weak only; <see cref="ViewNames"/>), strong ones made with
    /// <paramref name="randAugment"/> (default <c>new RandAugment()</c>), and their positions in the pool
    /// as <see cref="Batch.Indices"/>. For μ, give a <paramref name="batchSize"/> μ times the labelled one.
    /// </summary>
    /// <exception cref="ArgumentException">The pool is empty or holds an index outside the collection, or a view is unknown or cannot be made.</exception>
    public static ImageBatchStream Unlabeled(
        IImageCollection images, IReadOnlyList<int> pool, int batchSize, long seed, bool hiddenLabels = true,
        IReadOnlyList<string>? views = null, RandAugment? randAugment = null, int prefetchDepth = 0) =>
        new(
            new PoolBatches(images, pool, nameof(pool), batchSize, seed, SeedMixer.SingleUnlabeledShuffle, SeedMixer.UnlabeledViews, hiddenLabels,
                views ?? [ViewNames.Weak], randAugment ?? new RandAugment(), nameof(views)),
            seed,
            SeedMixer.SingleUnlabeledAugmentation,
            prefetchDepth);

    /// <inheritdoc />
    public int NumClasses => _batches.NumClasses;

    /// <inheritdoc />
    public int BatchSize => _batches.BatchSize;

    /// <inheritdoc />
    public long Position { get; private set; }

    /// <summary>Number of examples in the pool.</summary>
    public int Count => _batches.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> Views => _batches.Views;

    /// <inheritdoc />
    public bool ProvidesIndices => true;

    /// <inheritdoc />
    public long PoolCount => _batches.Count;

    /// <inheritdoc />
    public Batch Next()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var batch = _prefetcher.Next(Position);
        Position++;
        return batch;
    }

    /// <inheritdoc />
    public void Seek(long position)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (position != Position)
        {
            _prefetcher.Stop();
            Position = position;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _prefetcher.Dispose();
            _disposed = true;
        }
    }

    private Batch Prepare(long n)
    {
        using var generator = new torch.Generator(SeedMixer.Mix(_seed, _augmentationTag, n));
        return _batches.Draw(n, generator);
    }
}
