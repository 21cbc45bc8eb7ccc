using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// One index space over labelled images (0 … L−1, with labels) followed by unlabelled images (L … L+M−1,
/// label −1: unknown), for the paired stream; both share one augmentation. The stream must not ask for
/// the unlabelled images' labels (<see cref="PairedStreamOptions.HiddenLabels"/> off).
/// </summary>
internal sealed class LabeledAndUnlabeledImages : IImageCollection
{
    private readonly torch.Tensor _images;
    private readonly long[] _labels;
    private readonly IBatchAugmentation _augmentation;

    /// <summary>Reads <paramref name="images"/> (still owned by the caller): the first <c>labels.Length</c> are labelled.</summary>
    public LabeledAndUnlabeledImages(torch.Tensor images, long[] labels, int numClasses, IBatchAugmentation augmentation)
    {
        _images = images;
        _labels = [.. labels, .. Enumerable.Repeat(-1L, (int)images.shape[0] - labels.Length)];
        NumClasses = numClasses;
        _augmentation = augmentation;
    }

    public int Count => _labels.Length;

    public int NumClasses { get; }

    public IReadOnlyList<long> Labels => _labels;

    public torch.Tensor TrainImages(long[] indices, torch.Generator generator)
    {
        using var index = torch.tensor(indices);
        using var images = _images.index_select(0, index);
        return _augmentation.Augment(images, generator);
    }

    public torch.Tensor TestImages(long[] indices)
    {
        using var index = torch.tensor(indices);
        using var images = _images.index_select(0, index);
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

        using var index = torch.tensor(indices);
        using var images = _images.index_select(0, index);
        return new StrongAugmentation(weak, randAugment).Augment(images, generator);
    }
}
