using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// One index space over labelled images (0 … L−1, with labels) followed by unlabelled images (L … L+M−1,
/// label −1: unknown), for the paired stream; both share one augmentation. The stream must not ask for
/// the unlabelled images' labels (<see cref="PairedStreamOptions.HiddenLabels"/> off).
/// </summary>
internal sealed class LabeledAndUnlabeledImages : IImageCollection
{
    private readonly IPixelRows _images;
    private readonly long[] _labels;
    private readonly IBatchAugmentation _augmentation;

    /// <summary>
    /// Reads <paramref name="images"/> (in memory or the on-disk cache of docs/design.md §8; still owned by the caller)
    /// a batch at a time: the first <c>labels.Length</c> are labelled.
    /// </summary>
    public LabeledAndUnlabeledImages(IPixelRows images, long[] labels, int numClasses, IBatchAugmentation augmentation)
    {
        _images = images;
        _labels = [.. labels, .. Enumerable.Repeat(-1L, (int)images.Count - labels.Length)];
        NumClasses = numClasses;
        _augmentation = augmentation;
    }

    public int Count => _labels.Length;

    public int NumClasses { get; }

    public IReadOnlyList<long> Labels => _labels;

    public torch.Tensor TrainImages(long[] indices, torch.Generator generator)
    {
        using var images = _images.Gather(indices);
        return _augmentation.Augment(images, generator);
    }

    public torch.Tensor TestImages(long[] indices)
    {
        using var images = _images.Gather(indices);
        return _augmentation.Prepare(images);
    }

    public bool SupportsStrongImages => _augmentation is IPixelAugmentation;

    /// <summary>The strong view (FixMatch and the other methods of docs/design.md §7): crop and flip, RandAugment + Cutout, then normalise.</summary>
    public torch.Tensor StrongImages(long[] indices, RandAugment randAugment, torch.Generator generator)
    {
        if (_augmentation is not IPixelAugmentation weak)
        {
            throw new NotSupportedException($"{_augmentation.GetType().Name} cannot make strong views: it is not an IPixelAugmentation.");
        }

        using var images = _images.Gather(indices);
        return new StrongAugmentation(weak, randAugment).Augment(images, generator);
    }
}
