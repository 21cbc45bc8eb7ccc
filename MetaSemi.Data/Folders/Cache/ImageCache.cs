using System.Diagnostics;
using System.Globalization;

namespace MetaSemi.Data;

/// <summary>
/// The on-disk uint8 cache of a folder's unlabelled images (docs/design.md §8): opened when its manifest matches the
/// folder and the run's size, else decoded again (in parallel, chunk by chunk, with progress) with the reason said.
/// </summary>
internal sealed class ImageCache
{
    private ImageCache(string directory, ImageCacheManifest manifest, ImageCacheInfo info)
    {
        Directory = directory;
        Manifest = manifest;
        Info = info;
    }

    /// <summary>The cache's folder.</summary>
    public string Directory { get; }

    /// <summary>What the cache holds.</summary>
    public ImageCacheManifest Manifest { get; }

    /// <summary>Where it is, and whether and why this load built it.</summary>
    public ImageCacheInfo Info { get; }

    /// <summary>The pixels file.</summary>
    public string PixelsPath => Path.Combine(Directory, ImageCacheManifest.PixelsFileName);

    /// <summary>
    /// Opens or builds the cache of <paramref name="files"/> (under <paramref name="root"/>) decoded by
    /// <paramref name="rgb"/> (3 channels) in <paramref name="cacheRoot"/>.
    /// </summary>
    public static ImageCache OpenOrBuild(string root, IReadOnlyList<string> files, ImagePreprocessor rgb, string cacheRoot, IProgress<ImageCacheProgress>? progress)
    {
        string crop = CropText(rgb);
        string directory = ImageCacheLocation.For(cacheRoot, root, rgb.ImageSize, crop);
        string fingerprint = ImageCacheFingerprint.Compute(root, files);
        var existing = ImageCacheManifest.TryRead(Path.Combine(directory, ImageCacheManifest.FileName), root, out string problem);
        string? reason = existing is null ? problem : Mismatch(existing, directory, rgb.ImageSize, crop, files.Count, fingerprint);
        if (existing is not null && reason is null)
        {
            long bytes = existing.Images * existing.ImageBytes;
            return new ImageCache(directory, existing, new ImageCacheInfo(directory, false, "up to date", 0, bytes));
        }

        return Build(directory, root, files, rgb, crop, fingerprint, reason!, progress);
    }

    /// <summary>A reader over the pixels, greyed per batch when <paramref name="channels"/> is 1.</summary>
    public ImageCacheReader OpenReader(int channels) => new(PixelsPath, Manifest.Images, Manifest.ImageSize, channels);

    private static string CropText(ImagePreprocessor rgb) =>
        rgb.ResizeShorterSide is { } r ? string.Create(CultureInfo.InvariantCulture, $"centre square, shorter side {r}") : "whole image stretched";

    private static string? Mismatch(ImageCacheManifest m, string directory, int imageSize, string crop, int files, string fingerprint)
    {
        if (m.ImageSize != imageSize || m.Crop != crop)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the cache holds {m.ImageSize} px ({m.Crop}); this run asks for {imageSize} px ({crop})");
        }

        if (m.Files != files)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the folder changed: {files} image files now, {m.Files} when the cache was built");
        }

        if (m.Fingerprint != fingerprint)
        {
            return "the folder changed: a file was renamed, resized or rewritten since the cache was built";
        }

        var pixels = new FileInfo(Path.Combine(directory, ImageCacheManifest.PixelsFileName));
        long expected = m.Images * m.ImageBytes;
        if (!pixels.Exists || pixels.Length != expected)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{ImageCacheManifest.PixelsFileName} is {(pixels.Exists ? pixels.Length : 0)} bytes, {m.Images} images need {expected} (truncated or damaged)");
        }

        return null;
    }

    private static ImageCache Build(string directory, string root, IReadOnlyList<string> files, ImagePreprocessor rgb, string crop, string fingerprint, string reason, IProgress<ImageCacheProgress>? progress)
    {
        var clock = Stopwatch.StartNew();
        System.IO.Directory.CreateDirectory(directory);
        string manifestPath = Path.Combine(directory, ImageCacheManifest.FileName);
        string pixelsPath = Path.Combine(directory, ImageCacheManifest.PixelsFileName);

        // The manifest goes first and comes back last: a build that stops half way leaves none, so it is rebuilt.
        File.Delete(manifestPath);
        string partial = pixelsPath + ".partial";
        var skipped = new List<SkippedImage>();
        int images = 0;
        bool grey = true;
        progress?.Report(new ImageCacheProgress(0, files.Count));
        using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            rgb.DecodeRgbChunks(files.Count, i => File.ReadAllBytes(files[i]), i => files[i], (chunk, failures, done) =>
            {
                grey = grey && ImageFolders.IsGrey(chunk);
                stream.Write(chunk.bytes);
                images += (int)chunk.shape[0];
                skipped.AddRange(failures);
                progress?.Report(new ImageCacheProgress(done, files.Count));
            });
        }

        File.Move(partial, pixelsPath, overwrite: true);
        var manifest = new ImageCacheManifest
        {
            Version = ImageCacheManifest.FormatVersion,
            Images = images,
            ImageSize = rgb.ImageSize,
            Crop = crop,
            Files = files.Count,
            Fingerprint = fingerprint,
            Grey = grey,
            Skipped = skipped,
        };
        string partialManifest = manifestPath + ".partial";
        manifest.Write(partialManifest, root);
        File.Move(partialManifest, manifestPath, overwrite: true);
        return new ImageCache(directory, manifest, new ImageCacheInfo(directory, true, reason, clock.Elapsed.TotalSeconds, images * manifest.ImageBytes));
    }
}
