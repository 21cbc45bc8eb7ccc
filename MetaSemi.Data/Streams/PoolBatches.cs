using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// Batch n of one infinite stream over a pool of an image collection: the examples at stream positions
/// [n·B, (n + 1)·B) of the pool's reshuffled passes, their weak view from the generator the caller
/// passes, every further view (<see cref="ViewNames"/>) from its own generator seeded by (seed, view, n),
/// the labels when asked and the examples' positions in the pool. The one batch-making code of
/// <see cref="PairedBatchStream"/> and <see cref="ImageBatchStream"/>.
/// </summary>
internal sealed class PoolBatches
{
    private readonly IImageCollection _images;
    private readonly ShuffledIndexStream _order;
    private readonly long _seed;
    private readonly ulong _viewTags;
    private readonly bool _withLabels;
    private readonly RandAugment _randAugment;

    /// <exception cref="ArgumentException">The pool is empty or out of range, a view is unknown, or strong views are asked of a collection that cannot make them.</exception>
    public PoolBatches(
        IImageCollection images, IReadOnlyList<int> pool, string poolName, int batchSize, long seed, ulong shuffleTag, ulong viewTags,
        bool withLabels, IReadOnlyList<string> views, RandAugment randAugment, string viewsOption)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        CheckPool(pool, images.Count, poolName);
        Views = StreamViews.Normalize(views, viewsOption);
        if (Views.Any(v => v is ViewNames.Strong or ViewNames.Strong2) && !images.SupportsStrongImages)
        {
            throw new ArgumentException(
                $"{viewsOption}: strong views need an augmentation that stops before normalisation (IPixelAugmentation, e.g. CropFlipAugmentation); {images} cannot make them.",
                viewsOption);
        }

        _images = images;
        _order = new ShuffledIndexStream(pool, seed, shuffleTag);
        _seed = seed;
        _viewTags = viewTags;
        _withLabels = withLabels;
        _randAugment = randAugment ?? throw new ArgumentNullException(nameof(randAugment));
        BatchSize = batchSize;
    }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Examples in the pool (the range of the batches' indices).</summary>
    public int Count => _order.Count;

    /// <summary>The views of each batch, <see cref="ViewNames.Weak"/> first, the others in <see cref="ViewNames.All"/> order.</summary>
    public IReadOnlyList<string> Views { get; }

    public int NumClasses => _images.NumClasses;

    /// <summary>Batch <paramref name="n"/>, its weak view drawn from <paramref name="weak"/>; the tensors are the caller's.</summary>
    public Batch Draw(long n, torch.Generator weak)
    {
        using var scope = torch.NewDisposeScope();
        var (indices, positions) = _order.TakeWithPositions(n * BatchSize, BatchSize);
        var images = _images.TrainImages(indices, weak);
        var views = new Dictionary<string, torch.Tensor>();
        foreach (var name in Views.Skip(1))
        {
            using var generator = new torch.Generator(SeedMixer.Mix(_seed, _viewTags + StreamViews.Offset(name), n));
            views[name] = name == ViewNames.Weak2
                ? _images.TrainImages(indices, generator)
                : _images.StrongImages(indices, _randAugment, generator);
        }

        var labels = _withLabels ? torch.tensor(indices.Select(i => _images.Labels[(int)i]).ToArray()) : null;
        var poolPositions = torch.tensor(positions);
        return new Batch(
            images.DetachFromDisposeScope(),
            labels?.DetachFromDisposeScope(),
            views.ToDictionary(v => v.Key, v => v.Value.DetachFromDisposeScope()),
            poolPositions.DetachFromDisposeScope());
    }

    private static void CheckPool(IReadOnlyList<int> pool, int count, string name)
    {
        if (pool.Count == 0)
        {
            throw new ArgumentException("The index pool is empty; an infinite stream needs at least one example.", name);
        }

        foreach (int i in pool)
        {
            if (i < 0 || i >= count)
            {
                throw new ArgumentException($"Index {i} is outside the data set of {count} examples.", name);
            }
        }
    }
}
