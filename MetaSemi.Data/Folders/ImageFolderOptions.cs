namespace MetaSemi.Data;

/// <summary>How <see cref="ImageFolders.Load"/> reads a user's folders.</summary>
public sealed class ImageFolderOptions
{
    /// <summary>Side of the square network input (for example 32 for the 32×32 networks, 224 for ResNet). Required.</summary>
    public int ImageSize { get; set; }

    /// <summary>1 (grey), 3 (RGB), or null (auto: 1 when every image is grey, else 3). Default null.</summary>
    public int? Channels { get; set; }

    /// <summary>
    /// Without a <c>test/</c> folder: this many images of each class are held out of <c>labeled/</c> as the
    /// test set (class-balanced, drawn with <see cref="Seed"/>). Null: no held-out set. Setting it while
    /// <c>test/</c> exists is an error (the two would compete).
    /// </summary>
    public int? ValidationPerClass { get; set; }

    /// <summary>Seed of the validation draw. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Skip images that cannot be decoded (listed in <see cref="ImageFolderData.Skipped"/>) instead of stopping at the first. Default false.</summary>
    public bool SkipBadImages { get; set; }

    /// <summary>
    /// Where the decoded unlabelled images live: in memory (<see cref="ImageCacheMode.Off"/>, the default), or in an
    /// on-disk uint8 cache read back batch by batch (<see cref="ImageCacheMode.On"/>; <see cref="ImageCacheMode.Auto"/>
    /// when they would take more than a quarter of memory), so that a folder larger than memory trains (docs/design.md §8).
    /// </summary>
    public ImageCacheMode ImageCache { get; set; }

    /// <summary>The folder under which caches are kept (one sub-folder per image folder and size); null: <see cref="ImageCacheLocation.DefaultRoot"/>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Told how far a cache build has come (files decoded of files to decode), after every few hundred files.</summary>
    public IProgress<ImageCacheProgress>? CacheProgress { get; set; }

    /// <summary>Throws when an option is out of range; the message names it.</summary>
    public void Validate()
    {
        if (ImageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, "ImageSize must be positive (for example 32 or 224).");
        }

        if (Channels is { } c && c is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), c, "Channels must be 1, 3 or null (auto).");
        }

        if (ValidationPerClass is { } k && k < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationPerClass), k, "ValidationPerClass must be at least 1 (or null for none).");
        }
    }
}
