namespace MetaSemi.Data;

/// <summary>
/// What the library knows about a data set by name: class count (0 when read from the data, e.g. a
/// folder), image size, channels, normalisation, and the train augmentation's crop padding and flip.
/// </summary>
/// <param name="Name">Registry name (<c>cifar10</c>, …).</param>
/// <param name="NumClasses">Number of classes, or 0 when the data decides.</param>
/// <param name="Channels">Channels per image.</param>
/// <param name="ImageSize">Side of the (square) network input.</param>
/// <param name="Normalization">Per-channel mean/std of pixel/255.</param>
/// <param name="CropPadding">Zero padding of the random crop (0: the data set uses another crop).</param>
/// <param name="HorizontalFlip">Whether training mirrors images.</param>
/// <param name="NormalizationSource">Where the normalisation constants come from.</param>
public sealed record DatasetInfo(
    string Name,
    int NumClasses,
    int Channels,
    int ImageSize,
    Normalization Normalization,
    int CropPadding,
    bool HorizontalFlip,
    string NormalizationSource)
{
    /// <summary>The train augmentation of docs/design.md §3 for 32×32-style sets (crop with padding, optional flip, normalise).</summary>
    /// <exception cref="NotSupportedException">The data set trains with another crop (ImageNet's random-resized crop).</exception>
    public CropFlipAugmentation CreateAugmentation() =>
        CropPadding > 0
            ? new CropFlipAugmentation(Normalization, CropPadding, HorizontalFlip)
            : throw new NotSupportedException($"Data set '{Name}' trains with a random-resized crop, which CropFlipAugmentation does not do.");

    /// <summary>
    /// The decode-on-demand pipeline for an image folder or RecordIO pack of this data set:
    /// random-resized crop to <see cref="ImageSize"/> (+ mirror when <see cref="HorizontalFlip"/>) for
    /// training, resize to 256/224 of the size then centre crop for testing, this normalisation.
    /// </summary>
    public EncodedImages CreateEncodedImages(EncodedImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (NumClasses > 0 && images.NumClasses != NumClasses)
        {
            throw new ArgumentException($"Data set '{Name}' has {NumClasses} classes; the images have {images.NumClasses}.", nameof(images));
        }

        int resize = (int)Math.Round(ImageSize * 256.0 / 224.0);
        return new EncodedImages(images, Normalization, new RandomResizedCrop(ImageSize), new CenterCrop(resize, ImageSize), HorizontalFlip);
    }
}
