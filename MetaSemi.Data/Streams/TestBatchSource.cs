using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// A finite, ordered, labelled source for evaluation: the whole data set (or the given indices) in
/// batches, prepared with the augmentation's test transform (normalise only).
/// </summary>
public sealed class TestBatchSource : IBatchSource, MetaSemi.Files.IDescribesImages
{
    private readonly IImageCollection _images;
    private readonly long[] _indices;

    /// <summary>Creates the source over an in-memory data set (still owned by the caller).</summary>
    public TestBatchSource(ImageDataset data, IBatchAugmentation augmentation, IReadOnlyList<int>? indices = null)
        : this(new InMemoryImages(data, augmentation), indices)
    {
    }

    /// <summary>Creates the source over any image collection.</summary>
    /// <exception cref="ArgumentException">An index is outside the collection.</exception>
    public TestBatchSource(IImageCollection images, IReadOnlyList<int>? indices = null)
    {
        _images = images ?? throw new ArgumentNullException(nameof(images));
        if (indices is not null)
        {
            foreach (int i in indices)
            {
                if (i < 0 || i >= images.Count)
                {
                    throw new ArgumentException($"Index {i} is outside the data set of {images.Count} examples.", nameof(indices));
                }
            }
        }

        _indices = (indices ?? Enumerable.Range(0, images.Count).ToArray()).Select(i => (long)i).ToArray();
    }

    /// <inheritdoc />
    public int Count => _indices.Length;

    /// <inheritdoc />
    public IReadOnlyList<string>? ClassNames => _images.ClassNames;

    /// <inheritdoc />
    public MetaSemi.Files.ImagePreprocessing? Preprocessing => _images.Preprocessing;

    /// <inheritdoc />
    public int NumClasses => _images.NumClasses;

    /// <inheritdoc />
    public IEnumerable<Batch> GetBatches(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return Enumerate(batchSize);
    }

    /// <summary>
    /// Shard <paramref name="shardIndex"/> of <paramref name="shardCount"/>: a contiguous slice of the
    /// examples (sizes differing by at most one), so a rank decodes only its own images.
    /// </summary>
    public IEnumerable<Batch> GetBatches(int batchSize, int shardIndex, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        if (shardIndex < 0 || shardIndex >= shardCount)
        {
            throw new ArgumentOutOfRangeException(nameof(shardIndex), shardIndex, $"The shard index must be in [0, {shardCount}).");
        }

        int start = (int)((long)Count * shardIndex / shardCount);
        int end = (int)((long)Count * (shardIndex + 1) / shardCount);
        return Enumerate(batchSize, start, end);
    }

    private IEnumerable<Batch> Enumerate(int batchSize, int from = 0, int? to = null)
    {
        int end = to ?? Count;
        for (int start = from; start < end; start += batchSize)
        {
            var chunk = _indices.AsSpan(start, Math.Min(batchSize, end - start)).ToArray();
            var labels = _images.Labels;
            yield return new Batch(_images.TestImages(chunk), torch.tensor(chunk.Select(i => labels[(int)i]).ToArray()));
        }
    }
}
