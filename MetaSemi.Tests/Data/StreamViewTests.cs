using MetaSemi.Data;
using SkiaSharp;
using TorchSharp;

namespace MetaSemi.Tests.Data;

/// <summary>
/// The unlabelled stream's named views, example indices and μ (docs/design.md §7): <see cref="PairedStreamOptions.UnlabeledRatio"/>,
/// <see cref="PairedStreamOptions.UnlabeledViews"/>, and the same on the single streams that <c>WithData(labeled, unlabeled, test)</c> pairs.
/// </summary>
public sealed class StreamViewTests
{
    private const int N = 60;
    private static readonly int[] LabeledPool = [0, 5, 9, 14, 27, 33, 40, 52];
    private static readonly int[] UnlabeledPool = Enumerable.Range(0, N).Except(LabeledPool).ToArray();

    /// <summary>Image i: 1×4×4, every pixel i + 100 except pixel (0, 0) which is i; label i mod 3.</summary>
    private static ImageDataset Indexed()
    {
        var pixels = new byte[N * 16];
        for (int i = 0; i < N; i++)
        {
            Array.Fill(pixels, (byte)(i + 100), 16 * i, 16);
            pixels[16 * i] = (byte)i;
        }

        var labels = Enumerable.Range(0, N).Select(i => (long)(i % 3)).ToArray();
        return new ImageDataset(torch.tensor(pixels, [N, 1, 4, 4], torch.ScalarType.Byte), torch.tensor(labels), ["a", "b", "c"]);
    }

    /// <summary>No padding, no flip, normalisation x/255·255: the weak view is the image itself, as float levels.</summary>
    private static CropFlipAugmentation Exact() => new(new Normalization([0], [1 / 255.0]), padding: 0, horizontalFlip: false);

    private static CropFlipAugmentation Random() => new(new Normalization([0.5], [0.25]), padding: 1, horizontalFlip: true);

    private static int[] Drawn(torch.Tensor images) => images[.., 0, 0, 0].round().to(torch.int32).data<int>().ToArray();

    private static bool Same(torch.Tensor a, torch.Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static PairedBatchStream Stream(ImageDataset data, IBatchAugmentation augmentation, int ratio = 1, string[]? views = null, int prefetch = 0, int rank = 0, int worldSize = 1) =>
        new(data, LabeledPool, UnlabeledPool, batchSize: 4, augmentation, seed: 21, new PairedStreamOptions
        {
            UnlabeledRatio = ratio,
            UnlabeledViews = views ?? [ViewNames.Weak],
            PrefetchDepth = prefetch,
            Rank = rank,
            WorldSize = worldSize,
        });

    [Fact]
    public void With_mu_7_the_unlabelled_batch_is_7_times_the_labelled_one_and_each_pass_a_permutation_of_the_pool()
    {
        using var data = Indexed();
        using var stream = Stream(data, Exact(), ratio: 7);
        Assert.Equal(4, stream.BatchSize);
        Assert.Equal(28, stream.UnlabeledBatchSize);
        Assert.Equal(7, stream.UnlabeledRatio);

        var drawn = new List<int>();
        for (int k = 0; k < 26; k++)
        {
            using var pair = stream.Next();
            Assert.Equal(4, pair.Labeled.Count);
            Assert.Equal(28, pair.Unlabeled.Count);
            drawn.AddRange(Drawn(pair.Unlabeled.Images));
        }

        // 26·28 = 728 = 14 passes over 52 examples.
        var passes = drawn.Chunk(UnlabeledPool.Length).ToArray();
        Assert.Equal(14, passes.Length);
        Assert.All(passes, p => Assert.Equal(UnlabeledPool, p.Order()));
        Assert.True(passes.Select(p => string.Join(',', p)).Distinct().Count() > 1, "passes must be reshuffled");
    }

    [Fact]
    public void Mu_and_views_leave_the_labelled_batches_and_the_weak_view_of_a_mu_1_stream_unchanged()
    {
        using var data = Indexed();
        using var plain = Stream(data, Random());
        using var rich = Stream(data, Random(), ratio: 1, views: [ViewNames.Strong, ViewNames.Weak2, ViewNames.Strong2]);
        using var wide = Stream(data, Random(), ratio: 3, views: [ViewNames.Strong]);
        for (int k = 0; k < 5; k++)
        {
            using var p = plain.Next();
            using var r = rich.Next();
            using var w = wide.Next();
            Assert.True(Same(p.Labeled.Images, r.Labeled.Images));
            Assert.True(Same(p.Unlabeled.Images, r.Unlabeled.Images));
            Assert.True(Same(p.Labeled.Images, w.Labeled.Images));
            Assert.Equal([ViewNames.Weak, ViewNames.Weak2, ViewNames.Strong, ViewNames.Strong2], rich.UnlabeledViews);
            Assert.Empty(p.Unlabeled.Views);
        }
    }

    [Fact]
    public void Views_show_the_same_examples_in_the_same_order_with_independent_draws()
    {
        using var data = Indexed();
        string[] all = [ViewNames.Weak2, ViewNames.Strong, ViewNames.Strong2];
        using (var exact = Stream(data, Exact(), ratio: 2, views: all))
        {
            using var pair = exact.Next();
            var u = pair.Unlabeled;
            // The exact weak augmentation is deterministic: weak2 shows the same images.
            Assert.True(Same(u.Images, u.View(ViewNames.Weak2)));
            Assert.Same(u.Images, u.View(ViewNames.Weak));
            foreach (var name in all)
            {
                Assert.Equal(u.Images.shape, u.View(name).shape);
                Assert.Equal(torch.float32, u.View(name).dtype);
            }
        }

        using var random = Stream(data, Random(), ratio: 2, views: all);
        int differWeak = 0, differStrong = 0, differStrongFromWeak = 0;
        for (int k = 0; k < 4; k++)
        {
            using var pair = random.Next();
            var u = pair.Unlabeled;
            differWeak += u.Images.ne(u.View(ViewNames.Weak2)).flatten(1).any(1).sum().item<long>() > 0 ? 1 : 0;
            differStrong += u.View(ViewNames.Strong).ne(u.View(ViewNames.Strong2)).flatten(1).any(1).sum().item<long>() > 0 ? 1 : 0;
            differStrongFromWeak += u.Images.ne(u.View(ViewNames.Strong)).flatten(1).any(1).sum().item<long>() > 0 ? 1 : 0;
        }

        Assert.Equal(4, differWeak);
        Assert.Equal(4, differStrong);
        Assert.Equal(4, differStrongFromWeak);
    }

    [Fact]
    public void Indices_are_positions_in_the_unlabelled_pool_of_the_examples_drawn()
    {
        using var data = Indexed();
        using var stream = Stream(data, Exact(), ratio: 3);
        Assert.True(stream.ProvidesUnlabeledIndices);
        Assert.Equal(UnlabeledPool.Length, stream.UnlabeledCount);
        var seen = new HashSet<long>();
        for (int k = 0; k < 10; k++)
        {
            using var pair = stream.Next();
            var positions = pair.Unlabeled.Indices!.data<long>().ToArray();
            Assert.All(positions, p => Assert.InRange(p, 0, UnlabeledPool.Length - 1));
            Assert.Equal(positions.Select(p => UnlabeledPool[p]), Drawn(pair.Unlabeled.Images));
            seen.UnionWith(positions);
        }

        Assert.Equal(UnlabeledPool.Length, seen.Count);
    }

    [Fact]
    public void Seek_and_prefetch_give_the_same_views_and_indices_as_a_straight_run()
    {
        using var data = Indexed();
        string[] views = [ViewNames.Strong, ViewNames.Strong2];
        using var straight = Stream(data, Random(), ratio: 2, views: views);
        var expected = Enumerable.Range(0, 6).Select(_ => straight.Next()).ToList();
        using var prefetched = Stream(data, Random(), ratio: 2, views: views, prefetch: 3);
        using var sought = Stream(data, Random(), ratio: 2, views: views, prefetch: 2);
        sought.Seek(3);
        for (int k = 0; k < 6; k++)
        {
            using var p = prefetched.Next();
            Assert.True(Same(expected[k].Unlabeled.View(ViewNames.Strong), p.Unlabeled.View(ViewNames.Strong)));
            Assert.True(Same(expected[k].Unlabeled.View(ViewNames.Strong2), p.Unlabeled.View(ViewNames.Strong2)));
            Assert.True(Same(expected[k].Unlabeled.Indices!, p.Unlabeled.Indices!));
            if (k >= 3)
            {
                using var s = sought.Next();
                Assert.True(Same(expected[k].Unlabeled.View(ViewNames.Strong), s.Unlabeled.View(ViewNames.Strong)));
                Assert.True(Same(expected[k].Labeled.Images, s.Labeled.Images));
            }
        }

        expected.ForEach(p => p.Dispose());
    }

    [Fact]
    public void Rank_r_of_W_with_mu_draws_the_single_stream_pairs_r_W_plus_r_views_and_indices_included()
    {
        using var data = Indexed();
        string[] views = [ViewNames.Strong];
        using var single = Stream(data, Random(), ratio: 7, views: views);
        var reference = Enumerable.Range(0, 6).Select(_ => single.Next()).ToList();
        for (int rank = 0; rank < 2; rank++)
        {
            using var shard = Stream(data, Random(), ratio: 7, views: views, prefetch: rank * 2, rank: rank, worldSize: 2);
            for (int k = 0; k < 3; k++)
            {
                using var pair = shard.Next();
                var expected = reference[(2 * k) + rank];
                Assert.True(Same(expected.Labeled.Images, pair.Labeled.Images));
                Assert.True(Same(expected.Unlabeled.Images, pair.Unlabeled.Images));
                Assert.True(Same(expected.Unlabeled.View(ViewNames.Strong), pair.Unlabeled.View(ViewNames.Strong)));
                Assert.True(Same(expected.Unlabeled.Indices!, pair.Unlabeled.Indices!));
            }

            Assert.Equal(6, shard.Position);
        }

        reference.ForEach(p => p.Dispose());
    }

    private sealed class FloatOnly : IBatchAugmentation
    {
        public torch.Tensor Augment(torch.Tensor images, torch.Generator generator) => images.to(torch.float32);

        public torch.Tensor Prepare(torch.Tensor images) => images.to(torch.float32);
    }

    [Fact]
    public void Bad_options_are_named()
    {
        using var data = Indexed();
        var mu = Assert.Throws<ArgumentOutOfRangeException>(() => Stream(data, Exact(), ratio: 0));
        Assert.Contains("UnlabeledRatio", mu.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ArgumentException>(() => Stream(data, Exact(), views: ["weak3"]));
        Assert.Contains("UnlabeledViews: unknown view 'weak3'", unknown.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<ArgumentException>(() => Stream(data, Exact(), views: [ViewNames.Strong, ViewNames.Strong]));
        Assert.Contains("more than once", twice.Message, StringComparison.Ordinal);
        var strong = Assert.Throws<ArgumentException>(() => Stream(data, new FloatOnly(), views: [ViewNames.Strong]));
        Assert.Contains("UnlabeledViews: strong views need", strong.Message, StringComparison.Ordinal);
        Assert.Contains("FloatOnly", strong.Message, StringComparison.Ordinal);
        // A second weak view needs no pixel stage.
        using var weak2 = Stream(data, new FloatOnly(), views: [ViewNames.Weak2]);
        using var pair = weak2.Next();
        Assert.True(Same(pair.Unlabeled.Images, pair.Unlabeled.View(ViewNames.Weak2)));
    }

    [Fact]
    public void SemiSupervisedData_Create_passes_mu_and_views_to_the_training_source()
    {
        using var data = Indexed();
        using var test = Indexed();
        var split = new DatasetSplit(LabeledPool, UnlabeledPool);
        using var run = SemiSupervisedData.Create(data, test, split, batchSize: 2, Random(), seed: 3,
            new PairedStreamOptions { UnlabeledRatio = 7, UnlabeledViews = [ViewNames.Weak, ViewNames.Strong] });

        Assert.Equal(2, run.Train.BatchSize);
        Assert.Equal(14, run.Train.UnlabeledBatchSize);
        Assert.Equal([ViewNames.Weak, ViewNames.Strong], run.Train.UnlabeledViews);
        Assert.Equal(UnlabeledPool.Length, run.Train.UnlabeledCount);
        using var pair = run.Train.Next();
        Assert.Equal([14L, 1, 4, 4], pair.Unlabeled.View(ViewNames.Strong).shape);
    }

    [Fact]
    public void Options_take_mu_and_views_from_an_algorithms_requirements()
    {
        var requirements = new MetaSemi.Algorithms.AlgorithmRequirements { UnlabeledRatio = 7, UnlabeledViews = [ViewNames.Weak, ViewNames.Strong], UsesExampleIndices = true };
        var options = new PairedStreamOptions { PrefetchDepth = 0 }.Require(requirements);
        Assert.Equal(7, options.UnlabeledRatio);
        Assert.Equal([ViewNames.Weak, ViewNames.Strong], options.UnlabeledViews);

        using var data = Indexed();
        using var stream = new PairedBatchStream(data, LabeledPool, UnlabeledPool, batchSize: 2, Random(), seed: 1, options);
        Assert.Equal(14, stream.UnlabeledBatchSize);
        Assert.Equal(requirements.UnlabeledViews, stream.UnlabeledViews);
        Assert.True(stream.ProvidesUnlabeledIndices);
    }

    [Fact]
    public void Single_streams_carry_views_and_indices_and_pair_up_with_mu_through_PairedBatchSource()
    {
        using var data = Indexed();
        var images = new InMemoryImages(data, Random());
        using var labeled = ImageBatchStream.Labeled(images, LabeledPool, batchSize: 4, seed: 8);
        using var unlabeled = ImageBatchStream.Unlabeled(images, UnlabeledPool, batchSize: 28, seed: 8, views: [ViewNames.Strong]);
        using var prefetched = ImageBatchStream.Unlabeled(images, UnlabeledPool, batchSize: 28, seed: 8, views: [ViewNames.Strong], prefetchDepth: 2);
        using var source = new PairedBatchSource(labeled, unlabeled);

        Assert.Empty(source.Mismatches());
        Assert.Equal(28, source.UnlabeledBatchSize);
        Assert.Equal([ViewNames.Weak, ViewNames.Strong], source.UnlabeledViews);
        Assert.True(source.ProvidesUnlabeledIndices);
        Assert.Equal(UnlabeledPool.Length, source.UnlabeledCount);
        for (int k = 0; k < 3; k++)
        {
            using var pair = source.Next();
            using var ahead = prefetched.Next();
            Assert.True(Same(ahead.View(ViewNames.Strong), pair.Unlabeled.View(ViewNames.Strong)));
            Assert.True(Same(ahead.Indices!, pair.Unlabeled.Indices!));
        }

        using var odd = ImageBatchStream.Unlabeled(images, UnlabeledPool, batchSize: 6, seed: 8);
        using var mismatched = new PairedBatchSource(labeled, odd);
        Assert.Contains(mismatched.Mismatches(), m => m.StartsWith("Data.BatchSize", StringComparison.Ordinal) && m.Contains("whole multiple", StringComparison.Ordinal));
    }

    /// <summary>A PNG whose pixel (x, y) is (10x + c, 10y + c, c).</summary>
    private static byte[] Png(int width, int height, byte c)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)((10 * x) + c), (byte)((10 * y) + c), c));
            }
        }

        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    [Fact]
    public void Encoded_images_make_strong_views_after_their_crop_and_before_normalisation()
    {
        var root = Directory.CreateTempSubdirectory("metasemi-strong-");
        try
        {
            foreach (var (cls, i) in new[] { ("cat", 1), ("cat", 2), ("dog", 3) })
            {
                Directory.CreateDirectory(Path.Combine(root.FullName, cls));
                File.WriteAllBytes(Path.Combine(root.FullName, cls, $"{i}.png"), Png(10, 10, (byte)i));
            }

            var images = new EncodedImages(ImageFolder.Open(root.FullName), trainCrop: new RandomResizedCrop(8), testCrop: new CenterCrop(9, 8));
            Assert.True(images.SupportsStrongImages);
            using var g1 = new torch.Generator(5);
            using var g2 = new torch.Generator(5);
            using var g3 = new torch.Generator(5);
            using var a = images.StrongImages([0, 1, 2], new RandAugment(), g1);
            using var b = images.StrongImages([0, 1, 2], new RandAugment(), g2);
            using var weak = images.TrainImages([0, 1, 2], g3);
            Assert.Equal([3L, 3, 8, 8], a.shape);
            Assert.True(Same(a, b));
            Assert.False(Same(a, weak));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
