namespace MetaSemi.Data;

/// <summary>
/// The data of one run, ready for the trainer: the paired training stream and the test source, built
/// from a training set, a test set and a split. The data sets stay owned by the caller; disposing
/// this stops the stream's background task.
/// </summary>
public sealed class SemiSupervisedData : IDisposable
{
    private readonly PairedBatchStream _train;

    private SemiSupervisedData(PairedBatchStream train, IBatchSource test, DatasetSplit split)
    {
        _train = train;
        Test = test;
        Split = split;
    }

    /// <summary>Labelled and unlabelled training pairs (infinite, seeded, prefetched).</summary>
    public IPairedBatchSource Train => _train;

    /// <summary>The test set, normalised only, in order.</summary>
    public IBatchSource Test { get; }

    /// <summary>The labelled/unlabelled split of the training set.</summary>
    public DatasetSplit Split { get; }

    /// <summary>Number of classes.</summary>
    public int NumClasses => _train.NumClasses;

    /// <summary>
    /// SSL data: labelled stream over <c>split.Labeled</c>, unlabelled stream over <c>split.Unlabeled</c>
    /// (with hidden labels unless <paramref name="options"/> says otherwise).
    /// </summary>
    public static SemiSupervisedData Create(
        ImageDataset train, ImageDataset test, DatasetSplit split, int batchSize, IBatchAugmentation augmentation, long seed,
        PairedStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        return Build(train, test, split, split.Unlabeled, batchSize, augmentation, seed, options);
    }

    /// <summary>
    /// Supervised-baseline data: both batches of each pair are drawn (independently shuffled) from the
    /// labelled examples only, both with labels; <c>split.Unlabeled</c> is not used.
    /// </summary>
    public static SemiSupervisedData CreateSupervised(
        ImageDataset train, ImageDataset test, DatasetSplit split, int batchSize, IBatchAugmentation augmentation, long seed,
        PairedStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        return Build(train, test, split, split.Labeled, batchSize, augmentation, seed, options);
    }

    /// <summary>SSL data over any image collections (e.g. <see cref="EncodedImages"/> for an ImageNet folder or RecordIO pack).</summary>
    public static SemiSupervisedData Create(
        IImageCollection train, IImageCollection test, DatasetSplit split, int batchSize, long seed, PairedStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        return Build(train, test, split, split.Unlabeled, batchSize, seed, options);
    }

    /// <summary>Supervised-baseline data over any image collections (both batches from the labelled examples).</summary>
    public static SemiSupervisedData CreateSupervised(
        IImageCollection train, IImageCollection test, DatasetSplit split, int batchSize, long seed, PairedStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        return Build(train, test, split, split.Labeled, batchSize, seed, options);
    }

    private static SemiSupervisedData Build(
        ImageDataset train, ImageDataset test, DatasetSplit split, IReadOnlyList<int> secondPool, int batchSize,
        IBatchAugmentation augmentation, long seed, PairedStreamOptions? options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        return Build(new InMemoryImages(train, augmentation), new InMemoryImages(test, augmentation), split, secondPool, batchSize, seed, options);
    }

    private static SemiSupervisedData Build(
        IImageCollection train, IImageCollection test, DatasetSplit split, IReadOnlyList<int> secondPool, int batchSize, long seed,
        PairedStreamOptions? options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (train.NumClasses != test.NumClasses)
        {
            throw new ArgumentException($"The training set has {train.NumClasses} classes and the test set {test.NumClasses}; expected the same.", nameof(test));
        }

        var stream = new PairedBatchStream(train, split.Labeled, secondPool, batchSize, seed, options);
        return new SemiSupervisedData(stream, new TestBatchSource(test), split);
    }

    /// <inheritdoc />
    public void Dispose() => _train.Dispose();
}
