using MetaSemi.Data;
using MetaSemi.Tests.Core;
using SkiaSharp;
using TorchSharp;

namespace MetaSemi.Tests.Data;

/// <summary>
/// The on-disk cache of a folder's unlabelled images (docs/design.md §8): written once, read back by a second load
/// bit for bit as the in-memory decode, and rebuilt, with the reason, when the folder or the cache changes.
/// </summary>
public sealed class ImageCacheTests
{
    /// <summary>A PNG of seeded noise, so that every pixel and channel differs.</summary>
    private static byte[] NoisePng(int width, int height, int seed, bool grey = false)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                byte r = (byte)random.Next(256);
                bitmap.SetPixel(x, y, grey ? new SKColor(r, r, r) : new SKColor(r, (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void WriteFolder(TempFolder dir, int unlabeled, bool grey = false)
    {
        for (int i = 0; i < 3; i++)
        {
            dir.Write($"labeled/a/{i}.png", NoisePng(9, 7, 100 + i, grey));
            dir.Write($"labeled/b/{i}.png", NoisePng(6, 11, 200 + i, grey));
            dir.Write($"test/a/{i}.png", NoisePng(8, 8, 300 + i, grey));
        }

        for (int i = 0; i < unlabeled; i++)
        {
            dir.Write($"unlabeled/part{i % 2}/{i}.png", NoisePng(10 + (i % 5), 9, i, grey));
        }
    }

    private static ImageFolderOptions Cached(string cacheDir, int size = 6) =>
        new() { ImageSize = size, ImageCache = ImageCacheMode.On, CacheDirectory = cacheDir };

    [Theory]
    [InlineData(false, 3)]
    [InlineData(true, 1)]
    public void A_cache_written_then_opened_by_a_second_load_gives_the_in_memory_pixels_normalisation_and_batches_bit_for_bit(bool grey, int channels)
    {
        using var dir = new TempFolder();
        using var cacheDir = new TempFolder();
        WriteFolder(dir, 300, grey); // more than one decode chunk (256)
        var progress = new List<ImageCacheProgress>();
        var options = Cached(cacheDir.Path);
        options.CacheProgress = new SyncProgress(progress.Add);

        using var memory = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 6 });
        using (var first = ImageFolders.Load(dir.Path, options))
        {
            Assert.True(first.Cache!.Rebuilt);
            Assert.Equal("there is no cache yet (or its last build did not finish)", first.Cache.Reason);
            Assert.Equal(300L * 3 * 6 * 6, first.Cache.Bytes);
            Assert.Equal([new(0, 300), new(256, 300), new(300, 300)], progress);
        }

        using var second = ImageFolders.Load(dir.Path, Cached(cacheDir.Path));
        Assert.False(second.Cache!.Rebuilt);
        Assert.Equal("up to date", second.Cache.Reason);
        Assert.Equal(channels, second.Channels);
        Assert.Equal(300L, second.UnlabeledCount);
        Assert.Throws<InvalidOperationException>(() => second.Unlabeled);
        using var cachedPixels = second.ReadUnlabeled(0, 300);
        Assert.True(TensorAssert.Identical(memory.Unlabeled, cachedPixels));
        Assert.Equal(memory.Normalization.Mean, second.Normalization.Mean);
        Assert.Equal(memory.Normalization.Std, second.Normalization.Std);
        Assert.Equal(memory.UnlabeledPaths, second.UnlabeledPaths);

        var streamOptions = new PairedStreamOptions { UnlabeledRatio = 3, UnlabeledViews = [ViewNames.Weak, ViewNames.Strong] };
        using var a = memory.CreateTrainingData(batchSize: 4, seed: 5, options: streamOptions);
        using var b = second.CreateTrainingData(batchSize: 4, seed: 5, options: new PairedStreamOptions { UnlabeledRatio = 3, UnlabeledViews = [ViewNames.Weak, ViewNames.Strong] });
        for (int n = 0; n < 3; n++)
        {
            using var x = a.Train.Next();
            using var y = b.Train.Next();
            Assert.True(TensorAssert.Identical(x.Labeled.Images, y.Labeled.Images));
            Assert.True(TensorAssert.Identical(x.Unlabeled.Images, y.Unlabeled.Images));
            Assert.True(TensorAssert.Identical(x.Unlabeled.View(ViewNames.Strong), y.Unlabeled.View(ViewNames.Strong)));
        }
    }

    [Fact]
    public void A_changed_added_or_removed_file_a_truncated_cache_or_a_damaged_manifest_rebuilds_it_and_says_why()
    {
        using var dir = new TempFolder();
        using var cacheDir = new TempFolder();
        WriteFolder(dir, 5);
        string Reason()
        {
            using var data = ImageFolders.Load(dir.Path, Cached(cacheDir.Path));
            using var pixels = data.ReadUnlabeled(0, data.UnlabeledCount);
            using var memory = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 6 });
            Assert.True(TensorAssert.Identical(memory.Unlabeled, pixels)); // every rebuild gives the folder's pixels
            return data.Cache!.Rebuilt ? data.Cache.Reason : "not rebuilt";
        }

        Reason();
        Assert.Equal("not rebuilt", Reason());

        string changed = Path.Combine(dir.Path, "unlabeled", "part0", "2.png");
        File.WriteAllBytes(changed, NoisePng(10 + 2, 9, 999)); // same size on disk, other pixels
        File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal("the folder changed: a file was renamed, resized or rewritten since the cache was built", Reason());

        dir.Write("unlabeled/part1/new.png", NoisePng(7, 7, 77));
        Assert.Equal("the folder changed: 6 image files now, 5 when the cache was built", Reason());

        File.Delete(changed);
        Assert.Equal("the folder changed: 5 image files now, 6 when the cache was built", Reason());

        string cache = Directory.GetDirectories(cacheDir.Path).Single();
        string pixelsFile = Path.Combine(cache, "pixels.u8");
        using (var stream = new FileStream(pixelsFile, FileMode.Open))
        {
            stream.SetLength(stream.Length - 1);
        }

        Assert.Equal($"pixels.u8 is {(5 * 108) - 1} bytes, 5 images need {5 * 108} (truncated or damaged)", Reason());

        File.WriteAllText(Path.Combine(cache, "manifest.txt"), "not a manifest\n");
        Assert.Equal("manifest.txt does not start with 'metasemi-image-cache <version>' (damaged)", Reason());

        File.Delete(Path.Combine(cache, "manifest.txt")); // a build that stopped half way
        Assert.Equal("there is no cache yet (or its last build did not finish)", Reason());
    }

    [Fact]
    public void An_unreadable_unlabelled_file_stops_a_cached_load_or_is_skipped_as_in_memory()
    {
        using var dir = new TempFolder();
        using var cacheDir = new TempFolder();
        WriteFolder(dir, 4);
        dir.Write("unlabeled/part0/broken.png", [1, 2, 3, 4]);

        var error = Assert.Throws<DataFormatException>(() => ImageFolders.Load(dir.Path, Cached(cacheDir.Path)));
        Assert.Contains("broken.png", error.Message, StringComparison.Ordinal);
        Assert.Contains("--skip-bad-images", error.Message, StringComparison.Ordinal);

        var options = Cached(cacheDir.Path);
        options.SkipBadImages = true;
        using var data = ImageFolders.Load(dir.Path, options);
        Assert.False(data.Cache!.Rebuilt); // the failed load's cache records the failure
        Assert.Equal(4L, data.UnlabeledCount);
        Assert.EndsWith("broken.png", Assert.Single(data.Skipped).Path, StringComparison.Ordinal);
        Assert.DoesNotContain(data.UnlabeledPaths, p => p.EndsWith("broken.png", StringComparison.Ordinal));
    }

    [Fact]
    public void Auto_caches_only_when_the_decoded_images_exceed_a_quarter_of_memory()
    {
        Assert.True(ImageCachePolicy.ShouldCache(ImageCacheMode.Auto, 100_000, 128, 16L << 30)); // 4.9 GB > 4 GiB
        Assert.False(ImageCachePolicy.ShouldCache(ImageCacheMode.Auto, 20_000, 128, 16L << 30)); // 0.98 GB
        Assert.True(ImageCachePolicy.ShouldCache(ImageCacheMode.On, 1, 8, 16L << 30));
        Assert.False(ImageCachePolicy.ShouldCache(ImageCacheMode.On, 0, 8, 16L << 30));
        Assert.False(ImageCachePolicy.ShouldCache(ImageCacheMode.Off, 100_000, 128, 1));
        Assert.Equal(4_915_200_000L, ImageCachePolicy.DecodedBytes(100_000, 128));
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<ImageCacheProgress> report) : IProgress<ImageCacheProgress>
    {
        public void Report(ImageCacheProgress value) => report(value);
    }
}
