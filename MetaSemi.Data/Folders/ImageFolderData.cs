using MetaSemi.Files;
using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// A user's own image folders decoded at the run's size (<see cref="ImageFolders.Load"/>): the labelled images with
/// their classes, the unlabelled images without, and the test images from <c>test/</c> or held out of
/// <c>labeled/</c>. Training and evaluation read these decoded pixels, so a run on a CPU is not bound by decoding.
/// The unlabelled images are in memory, or in the on-disk cache of docs/design.md §8 (<see cref="Cache"/>) read a
/// batch at a time. Owns its tensors and the cache's open file.
/// </summary>
public sealed class ImageFolderData : IDisposable
{
    private readonly torch.Tensor _training;
    private readonly torch.Tensor? _unlabeled;
    private readonly ImageCacheReader? _cached;
    private readonly IPixelRows _rows;

    /// <summary>
    /// Takes <paramref name="training"/> (labelled images first, then the unlabelled ones held in memory), or the
    /// labelled images alone and <paramref name="cached"/>, the unlabelled ones on disk; and <paramref name="test"/>.
    /// </summary>
    internal ImageFolderData(
        ImageFolderLayout layout, ImagePreprocessor preprocessor, torch.Tensor training, long[] labels, ImageDataset? test,
        string testSource, IReadOnlyList<string> labeledPaths, IReadOnlyList<string> unlabeledPaths, IReadOnlyList<string> testPaths,
        IReadOnlyList<SkippedImage> skipped, Normalization normalization, ImageCacheReader? cached = null, ImageCacheInfo? cache = null)
    {
        Layout = layout;
        Preprocessor = preprocessor;
        _training = training;
        _cached = cached;
        Cache = cache;
        Labeled = new ImageDataset(training.narrow(0, 0, labels.Length), torch.tensor(labels), layout.ClassNames);
        if (cached is null)
        {
            _unlabeled = training.narrow(0, labels.Length, training.shape[0] - labels.Length);
            _rows = new TensorRows(training);
        }
        else
        {
            _rows = new ConcatenatedRows(new TensorRows(Labeled.Images), cached);
        }

        UnlabeledCount = _rows.Count - labels.Length;
        Test = test;
        TestSource = testSource;
        LabeledPaths = labeledPaths;
        UnlabeledPaths = unlabeledPaths;
        TestPaths = testPaths;
        Skipped = skipped;
        Normalization = normalization;
    }

    /// <summary>The files as listed.</summary>
    public ImageFolderLayout Layout { get; }

    /// <summary>How each file became pixels (the same object <c>ImageClassifier</c> rebuilds from the model file).</summary>
    public ImagePreprocessor Preprocessor { get; }

    /// <summary>Class names in label order.</summary>
    public IReadOnlyList<string> ClassNames => Layout.ClassNames;

    /// <summary>Number of classes.</summary>
    public int NumClasses => Layout.ClassNames.Count;

    /// <summary>Channels of every image (1 or 3).</summary>
    public int Channels => Preprocessor.Channels;

    /// <summary>Side of every (square) image.</summary>
    public int ImageSize => Preprocessor.ImageSize;

    /// <summary>The labelled training images (uint8 N×C×S×S) and their labels.</summary>
    public ImageDataset Labeled { get; }

    /// <summary>The unlabelled images in memory, uint8 M×C×S×S (M may be 0).</summary>
    /// <exception cref="InvalidOperationException">They are in the on-disk cache (<see cref="Cache"/>): read them with <see cref="ReadUnlabeled"/>.</exception>
    public torch.Tensor Unlabeled => _unlabeled ?? throw new InvalidOperationException(
        $"The {UnlabeledCount} unlabelled images are in the on-disk cache {Cache?.Directory}, not in memory; read them with ReadUnlabeled(start, count).");

    /// <summary>Number of unlabelled images (M).</summary>
    public long UnlabeledCount { get; }

    /// <summary>The on-disk cache the unlabelled images are read from, or null when they are in memory (<see cref="ImageFolderOptions.ImageCache"/>).</summary>
    public ImageCacheInfo? Cache { get; }

    /// <summary>Unlabelled images [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>): uint8 count×C×S×S, owned by the caller; from memory or the cache alike.</summary>
    public torch.Tensor ReadUnlabeled(long start, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, UnlabeledCount, nameof(count));
        return _rows.Range(Labeled.Count + start, count);
    }

    /// <summary>The test images, or null when there is no <c>test/</c> and no validation split was asked for.</summary>
    public ImageDataset? Test { get; }

    /// <summary>Where <see cref="Test"/> comes from: <c>test/</c>, <c>K per class held out of labeled/</c> or <c>none</c>.</summary>
    public string TestSource { get; }

    /// <summary>The file of each labelled image, in index order.</summary>
    public IReadOnlyList<string> LabeledPaths { get; }

    /// <summary>The file of each unlabelled image, in index order.</summary>
    public IReadOnlyList<string> UnlabeledPaths { get; }

    /// <summary>The file of each test image, in index order.</summary>
    public IReadOnlyList<string> TestPaths { get; }

    /// <summary>Files that could not be decoded and were skipped (only with <see cref="ImageFolderOptions.SkipBadImages"/>).</summary>
    public IReadOnlyList<SkippedImage> Skipped { get; }

    /// <summary>Per-channel mean and std of the training images (labelled and unlabelled), measured at load.</summary>
    public Normalization Normalization { get; }

    /// <summary>The test transform as a model file records it.</summary>
    public ImagePreprocessing Preprocessing => new()
    {
        Channels = Channels,
        ImageSize = ImageSize,
        ResizeShorterSide = Preprocessor.ResizeShorterSide,
        Mean = Normalization.Mean,
        Std = Normalization.Std,
    };

    /// <summary>
    /// The train augmentation of docs/design.md §3 at this size: zero-pad S/8 pixels (4 at 32), random crop back, mirror
    /// with p 0.5 when <paramref name="horizontalFlip"/> (turn it off for digits and text), normalise. Testing normalises only.
    /// </summary>
    public CropFlipAugmentation CreateAugmentation(bool horizontalFlip = true) =>
        new(Normalization, Math.Max(1, ImageSize / 8), horizontalFlip);

    /// <summary>
    /// The run's data for the trainer: labelled and unlabelled streams (the unlabelled batches carry no labels)
    /// over the cached images, and the test set. With <paramref name="supervisedOnly"/> both batches of a pair come
    /// from the labelled images (the supervised baseline), and no unlabelled image is needed.
    /// </summary>
    /// <remarks><paramref name="options"/> (sharding, μ, views) is used as given, with <see cref="PairedStreamOptions.HiddenLabels"/> turned off on it.</remarks>
    /// <exception cref="InvalidOperationException">There is no test set, or no unlabelled image for a semi-supervised run.</exception>
    public SemiSupervisedData CreateTrainingData(int batchSize, long seed, bool supervisedOnly = false, bool horizontalFlip = true, PairedStreamOptions? options = null)
    {
        var test = Test ?? throw new InvalidOperationException(
            $"'{Layout.Root}' has no {ImageFolderLayout.TestFolder}/ folder and no validation split was asked for (ImageFolderOptions.ValidationPerClass, --validation-per-class K).");
        if (!supervisedOnly && UnlabeledCount == 0)
        {
            throw new InvalidOperationException(
                $"'{Layout.Root}' has no unlabelled images: put them in {ImageFolderLayout.UnlabeledFolder}/ (any tree), or train the supervised baseline.");
        }

        var augmentation = CreateAugmentation(horizontalFlip);
        var train = new LabeledAndUnlabeledImages(_rows, Labeled.GetLabelArray(), NumClasses, augmentation);
        int labeledCount = Labeled.Count;
        var split = new DatasetSplit(
            Enumerable.Range(0, labeledCount).ToArray(),
            Enumerable.Range(labeledCount, (int)UnlabeledCount).ToArray());
        // An unlabelled folder has no labels to hide (see the remarks).
        var streamOptions = options ?? new PairedStreamOptions();
        streamOptions.HiddenLabels = false;
        var testImages = new InMemoryImages(test, augmentation);
        return supervisedOnly
            ? SemiSupervisedData.CreateSupervised(train, testImages, split, batchSize, seed, streamOptions)
            : SemiSupervisedData.Create(train, testImages, split, batchSize, seed, streamOptions);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Labeled.Dispose();
        _unlabeled?.Dispose();
        _cached?.Dispose();
        _training.Dispose();
        Test?.Dispose();
    }
}
