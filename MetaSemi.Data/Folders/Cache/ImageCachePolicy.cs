namespace MetaSemi.Data;

/// <summary>Decides whether the unlabelled images go to the on-disk cache (<see cref="ImageCacheMode"/>).</summary>
internal static class ImageCachePolicy
{
    /// <summary>The share of the memory this process may use above which <see cref="ImageCacheMode.Auto"/> caches on disk.</summary>
    public const double AutoMemoryShare = 0.25;

    /// <summary>The bytes <paramref name="count"/> decoded RGB images of side <paramref name="imageSize"/> take.</summary>
    public static long DecodedBytes(long count, int imageSize) => count * 3L * imageSize * imageSize;

    /// <summary>Whether to cache on disk; <paramref name="availableBytes"/> is the memory this process may use.</summary>
    public static bool ShouldCache(ImageCacheMode mode, long count, int imageSize, long availableBytes) => count > 0 && mode switch
    {
        ImageCacheMode.On => true,
        ImageCacheMode.Auto => DecodedBytes(count, imageSize) > AutoMemoryShare * availableBytes,
        _ => false,
    };

    /// <summary>The memory this process may use (the machine's, or the container's limit).</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
}
