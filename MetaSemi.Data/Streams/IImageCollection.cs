using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// Labelled images that can be turned into network input by index: held in memory
/// (<see cref="InMemoryImages"/>) or decoded on demand (<see cref="EncodedImages"/>). What the
/// streams draw from.
/// </summary>
public interface IImageCollection
{
    /// <summary>Number of images.</summary>
    int Count { get; }

    /// <summary>Number of classes.</summary>
    int NumClasses { get; }

    /// <summary>The label of every image, in index order.</summary>
    IReadOnlyList<long> Labels { get; }

    /// <summary>Training input for <paramref name="indices"/>: float32 B×C×H×W, augmented with randomness from <paramref name="generator"/>.</summary>
    torch.Tensor TrainImages(long[] indices, torch.Generator generator);

    /// <summary>Test input for <paramref name="indices"/>: float32 B×C×H×W, deterministic.</summary>
    torch.Tensor TestImages(long[] indices);

    /// <summary>The class names in label order, when the collection knows them (a model file records them).</summary>
    IReadOnlyList<string>? ClassNames => null;

    /// <summary>The test transform as a model file records it, when the collection can describe it.</summary>
    MetaSemi.Files.ImagePreprocessing? Preprocessing => null;

    /// <summary>Whether <see cref="StrongImages"/> works (the train augmentation can stop before normalisation).</summary>
    bool SupportsStrongImages => false;

    /// <summary>
    /// The strong view of docs/design.md §7 for <paramref name="indices"/>: the train augmentation's random part
    /// on uint8 pixels, then <paramref name="randAugment"/> (RandAugment + Cutout), then the
    /// normalisation; float32 B×C×H×W, all randomness from <paramref name="generator"/>, weak draws first.
    /// </summary>
    /// <exception cref="NotSupportedException">The collection cannot stop before normalisation (<see cref="SupportsStrongImages"/> is false).</exception>
    torch.Tensor StrongImages(long[] indices, RandAugment randAugment, torch.Generator generator) =>
        throw new NotSupportedException($"{GetType().Name} cannot make strong views: its train augmentation does not stop before normalisation.");
}

/// <summary>An <see cref="ImageDataset"/> with a batched augmentation (CIFAR, SVHN, MNIST…).</summary>
public sealed class InMemoryImages : IImageCollection
{
    private readonly long[] _labels;

    /// <summary>Wraps <paramref name="data"/> (still owned by the caller) and <paramref name="augmentation"/>.</summary>
    public InMemoryImages(ImageDataset data, IBatchAugmentation augmentation)
    {
        Data = data ?? throw new ArgumentNullException(nameof(data));
        Augmentation = augmentation ?? throw new ArgumentNullException(nameof(augmentation));
        _labels = data.GetLabelArray();
    }

    /// <summary>The images.</summary>
    public ImageDataset Data { get; }

    /// <summary>The augmentation.</summary>
    public IBatchAugmentation Augmentation { get; }

    /// <inheritdoc />
    public int Count => Data.Count;

    /// <inheritdoc />
    public IReadOnlyList<string>? ClassNames => Data.ClassNames;

    /// <summary>
    /// The data set's channels and side with the augmentation's normalisation (<see cref="IBatchAugmentation.Normalization"/>);
    /// null for non-square images or an augmentation whose test transform is not a plain normalisation.
    /// </summary>
    public MetaSemi.Files.ImagePreprocessing? Preprocessing =>
        Augmentation.Normalization is { } normalization && Data.Height == Data.Width
            ? new MetaSemi.Files.ImagePreprocessing { Channels = Data.Channels, ImageSize = Data.Height, Mean = normalization.Mean, Std = normalization.Std }
            : null;

    /// <inheritdoc />
    public int NumClasses => Data.NumClasses;

    /// <inheritdoc />
    public IReadOnlyList<long> Labels => _labels;

    /// <inheritdoc />
    public torch.Tensor TrainImages(long[] indices, torch.Generator generator)
    {
        using var index = torch.tensor(indices);
        using var images = Data.Images.index_select(0, index);
        return Augmentation.Augment(images, generator);
    }

    /// <inheritdoc />
    public torch.Tensor TestImages(long[] indices)
    {
        using var index = torch.tensor(indices);
        using var images = Data.Images.index_select(0, index);
        return Augmentation.Prepare(images);
    }

    /// <inheritdoc />
    /// <remarks>True when <see cref="Augmentation"/> is an <see cref="IPixelAugmentation"/> (e.g. <see cref="CropFlipAugmentation"/>).</remarks>
    public bool SupportsStrongImages => Augmentation is IPixelAugmentation;

    /// <inheritdoc />
    public torch.Tensor StrongImages(long[] indices, RandAugment randAugment, torch.Generator generator)
    {
        if (Augmentation is not IPixelAugmentation weak)
        {
            throw new NotSupportedException(
                $"InMemoryImages with {Augmentation.GetType().Name} cannot make strong views: it is not an IPixelAugmentation (crop and flip before normalisation).");
        }

        using var index = torch.tensor(indices);
        using var images = Data.Images.index_select(0, index);
        return new StrongAugmentation(weak, randAugment).Augment(images, generator);
    }

    /// <inheritdoc />
    public override string ToString() => $"InMemoryImages with {Augmentation.GetType().Name}";
}

/// <summary>
/// Encoded images (folder or RecordIO) decoded in parallel per batch: training uses
/// <see cref="TrainCrop"/> (random-resized crop by default) and a random mirror, testing
/// <see cref="TestCrop"/> (resize 256, centre 224); then normalisation (ImageNet constants by default).
/// </summary>
public sealed class EncodedImages : IImageCollection
{
    /// <summary>Creates the pipeline over <paramref name="images"/>.</summary>
    public EncodedImages(EncodedImageSet images, Normalization? normalization = null, ICropPolicy? trainCrop = null, ICropPolicy? testCrop = null, bool horizontalFlip = true)
    {
        Images = images ?? throw new ArgumentNullException(nameof(images));
        Normalization = normalization ?? KnownDatasets.ImageNet.Normalization;
        TrainCrop = trainCrop ?? new RandomResizedCrop();
        TestCrop = testCrop ?? new CenterCrop();
        HorizontalFlip = horizontalFlip;
    }

    /// <summary>The encoded images.</summary>
    public EncodedImageSet Images { get; }

    /// <summary>Normalisation applied last.</summary>
    public Normalization Normalization { get; }

    /// <summary>Crop for training.</summary>
    public ICropPolicy TrainCrop { get; }

    /// <summary>Crop for testing.</summary>
    public ICropPolicy TestCrop { get; }

    /// <summary>Whether training mirrors images with probability 0.5.</summary>
    public bool HorizontalFlip { get; }

    /// <inheritdoc />
    public int Count => Images.Count;

    /// <inheritdoc />
    public int NumClasses => Images.NumClasses;

    /// <inheritdoc />
    public IReadOnlyList<long> Labels => Images.Labels;

    /// <inheritdoc />
    public torch.Tensor TrainImages(long[] indices, torch.Generator generator)
    {
        using var pixels = TrainPixels(indices, generator);
        return Normalization.Apply(pixels);
    }

    /// <inheritdoc />
    public bool SupportsStrongImages => true;

    /// <inheritdoc />
    public torch.Tensor StrongImages(long[] indices, RandAugment randAugment, torch.Generator generator)
    {
        ArgumentNullException.ThrowIfNull(randAugment);
        using var pixels = TrainPixels(indices, generator);
        using var strong = randAugment.Augment(pixels, generator);
        return Normalization.Apply(strong);
    }

    /// <summary>Decoded, cropped and (when enabled) mirrored uint8 pixels: the random part of <see cref="TrainImages"/>.</summary>
    private torch.Tensor TrainPixels(long[] indices, torch.Generator generator)
    {
        ArgumentNullException.ThrowIfNull(indices);
        using var scope = torch.NewDisposeScope();
        var uniforms = torch.rand([indices.Length, TrainCrop.UniformsPerImage], dtype: torch.float64, generator: generator);
        var images = ImageDecoder.DecodeBatch(Images, indices, TrainCrop, uniforms);
        if (HorizontalFlip)
        {
            var flip = torch.rand([indices.Length], generator: generator).lt(0.5).view(-1, 1, 1, 1);
            images = torch.where(flip, images.flip(3), images);
        }

        return images.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public torch.Tensor TestImages(long[] indices)
    {
        using var images = ImageDecoder.DecodeBatch(Images, indices, TestCrop);
        return Normalization.Apply(images);
    }
}
