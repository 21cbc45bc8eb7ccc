using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// A finite, ordered, labelled source for evaluation: the whole data set (or the given indices) in
/// batches, prepared with the augmentation's test transform (normalise only).
/// </summary>
public sealed class TestBatchSource : IBatchSource
{
    private readonly ImageDataset _data;
    private readonly IBatchAugmentation _augmentation;
    private readonly long[]? _indices;

    /// <summary>Creates the source; <paramref name="data"/> stays owned by the caller and must outlive it.</summary>
    public TestBatchSource(ImageDataset data, IBatchAugmentation augmentation, IReadOnlyList<int>? indices = null)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _augmentation = augmentation ?? throw new ArgumentNullException(nameof(augmentation));
        if (indices is not null)
        {
            foreach (int i in indices)
            {
                if (i < 0 || i >= data.Count)
                {
                    throw new ArgumentException($"Index {i} is outside the data set of {data.Count} examples.", nameof(indices));
                }
            }

            _indices = indices.Select(i => (long)i).ToArray();
        }
    }

    /// <inheritdoc />
    public int Count => _indices?.Length ?? _data.Count;

    /// <inheritdoc />
    public int NumClasses => _data.NumClasses;

    /// <inheritdoc />
    public IEnumerable<Batch> GetBatches(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return Enumerate(batchSize);
    }

    private IEnumerable<Batch> Enumerate(int batchSize)
    {
        for (int start = 0; start < Count; start += batchSize)
        {
            int size = Math.Min(batchSize, Count - start);
            yield return MakeBatch(start, size);
        }
    }

    private Batch MakeBatch(int start, int size)
    {
        using var scope = torch.NewDisposeScope();
        torch.Tensor images, labels;
        if (_indices is null)
        {
            images = _data.Images.narrow(0, start, size);
            labels = _data.Labels.narrow(0, start, size).clone();
        }
        else
        {
            var index = torch.tensor(_indices.AsSpan(start, size).ToArray());
            images = _data.Images.index_select(0, index);
            labels = _data.Labels.index_select(0, index);
        }

        var x = _augmentation.Prepare(images);
        return new Batch(x.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }
}
