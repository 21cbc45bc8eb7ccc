using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// One infinite training stream over a pool of an image collection (SPEC §3): reshuffled on every pass,
/// augmented per batch, batch n a pure function of (seed, n), so <see cref="Seek"/> is exact. Two of them —
/// <see cref="Labeled"/> and <see cref="Unlabeled"/> — are what <c>WithData(labeled, unlabeled, test)</c>
/// pairs. Unlike <see cref="PairedBatchStream"/> it prepares batches when asked (no prefetch), and its draws
/// differ from a <see cref="PairedBatchStream"/> of the same seed.
/// </summary>
public sealed class ImageBatchStream : IBatchStream
{
    // Purpose tags of this class's generators, apart from PairedBatchStream's (SeedMixer 1–3).
    private const ulong LabeledShuffle = 11, UnlabeledShuffle = 12, LabeledAugmentation = 13, UnlabeledAugmentation = 14;

    private readonly IImageCollection _images;
    private readonly ShuffledIndexStream _indices;
    private readonly long _seed;
    private readonly ulong _augmentationTag;
    private readonly bool _withLabels;

    private ImageBatchStream(IImageCollection images, IReadOnlyList<int> pool, int batchSize, long seed, bool labeled, bool withLabels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (pool.Count == 0)
        {
            throw new ArgumentException("The index pool is empty; an infinite stream needs at least one example.", nameof(pool));
        }

        foreach (int i in pool)
        {
            if (i < 0 || i >= images.Count)
            {
                throw new ArgumentException($"Index {i} is outside the data set of {images.Count} examples.", nameof(pool));
            }
        }

        _images = images;
        _indices = new ShuffledIndexStream(pool, seed, labeled ? LabeledShuffle : UnlabeledShuffle);
        _seed = seed;
        _augmentationTag = labeled ? LabeledAugmentation : UnlabeledAugmentation;
        _withLabels = withLabels;
        BatchSize = batchSize;
    }

    /// <summary>The labelled stream over <paramref name="pool"/> (e.g. <c>split.Labeled</c>); batches carry labels.</summary>
    /// <exception cref="ArgumentException">The pool is empty or holds an index outside the collection.</exception>
    public static ImageBatchStream Labeled(IImageCollection images, IReadOnlyList<int> pool, int batchSize, long seed) =>
        new(images, pool, batchSize, seed, labeled: true, withLabels: true);

    /// <summary>
    /// The unlabelled stream over <paramref name="pool"/> (e.g. <c>split.Unlabeled</c>); with
    /// <paramref name="hiddenLabels"/> batches carry the true labels, used only to report unlabelled accuracy.
    /// </summary>
    /// <exception cref="ArgumentException">The pool is empty or holds an index outside the collection.</exception>
    public static ImageBatchStream Unlabeled(IImageCollection images, IReadOnlyList<int> pool, int batchSize, long seed, bool hiddenLabels = true) =>
        new(images, pool, batchSize, seed, labeled: false, withLabels: hiddenLabels);

    /// <inheritdoc />
    public int NumClasses => _images.NumClasses;

    /// <inheritdoc />
    public int BatchSize { get; }

    /// <inheritdoc />
    public long Position { get; private set; }

    /// <summary>Number of examples in the pool.</summary>
    public int Count => _indices.Count;

    /// <inheritdoc />
    public Batch Next()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(SeedMixer.Mix(_seed, _augmentationTag, Position));
        var indices = _indices.Take(Position * BatchSize, BatchSize);
        var images = _images.TrainImages(indices, generator);
        var labels = _withLabels ? torch.tensor(indices.Select(i => _images.Labels[(int)i]).ToArray()) : null;
        var batch = new Batch(images.DetachFromDisposeScope(), labels?.DetachFromDisposeScope());
        Position++;
        return batch;
    }

    /// <inheritdoc />
    public void Seek(long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        Position = position;
    }
}
