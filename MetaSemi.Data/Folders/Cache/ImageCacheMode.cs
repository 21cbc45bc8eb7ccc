namespace MetaSemi.Data;

/// <summary>Where <see cref="ImageFolders.Load"/> keeps the decoded unlabelled images (docs/design.md §8).</summary>
public enum ImageCacheMode
{
    /// <summary>In memory, decoded at every load (the default of the library).</summary>
    Off,

    /// <summary>In an on-disk uint8 cache, decoded once and read back batch by batch while training.</summary>
    On,

    /// <summary>On disk when the decoded unlabelled images would take more than a quarter of the memory this process may use, else in memory.</summary>
    Auto,
}
