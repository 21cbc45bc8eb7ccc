using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Tests.Data;

public sealed class StreamTests
{
    private const int N = 30;

    /// <summary>Image i is a 1×2×2 image whose first pixel is i; label i mod 3.</summary>
    private static ImageDataset Indexed()
    {
        var pixels = new byte[N * 4];
        for (int i = 0; i < N; i++)
        {
            pixels[4 * i] = (byte)i;
            pixels[(4 * i) + 1] = (byte)(255 - i);
        }

        var labels = Enumerable.Range(0, N).Select(i => (long)(i % 3)).ToArray();
        return new ImageDataset(torch.tensor(pixels, [N, 1, 2, 2], torch.ScalarType.Byte), torch.tensor(labels), ["a", "b", "c"]);
    }

    /// <summary>No randomness: uint8 to float, so that batches reveal which images were drawn.</summary>
    private sealed class Identity : IBatchAugmentation
    {
        public torch.Tensor Augment(torch.Tensor images, torch.Generator generator) => images.to(torch.float32);

        public torch.Tensor Prepare(torch.Tensor images) => images.to(torch.float32);
    }

    private sealed class Failing : IBatchAugmentation
    {
        public torch.Tensor Augment(torch.Tensor images, torch.Generator generator) => throw new InvalidDataException("boom");

        public torch.Tensor Prepare(torch.Tensor images) => throw new InvalidDataException("boom");
    }

    private static int[] Drawn(Batch b) => b.Images[.., 0, 0, 0].to(torch.int32).data<int>().ToArray();

    private static readonly int[] LabeledPool = [0, 3, 7, 11, 19, 25];
    private static readonly int[] UnlabeledPool = Enumerable.Range(0, N).Except(LabeledPool).ToArray();

    [Fact]
    public void Each_pass_of_each_stream_is_a_fresh_permutation_of_its_pool_and_batches_carry_true_labels()
    {
        using var data = Indexed();
        using var stream = new PairedBatchStream(data, LabeledPool, UnlabeledPool, batchSize: 4, new Identity(), seed: 5);
        var labeled = new List<int>();
        var unlabeled = new List<int>();
        for (int k = 0; k < 24; k++)
        {
            using var pair = stream.Next();
            Assert.Equal(4, pair.Labeled.Count);
            var l = Drawn(pair.Labeled);
            var u = Drawn(pair.Unlabeled);
            Assert.Equal(l.Select(i => (long)(i % 3)), pair.Labeled.Labels!.data<long>().ToArray());
            Assert.Equal(u.Select(i => (long)(i % 3)), pair.Unlabeled.Labels!.data<long>().ToArray());
            Assert.True(pair.DataWaitSeconds >= 0);
            labeled.AddRange(l);
            unlabeled.AddRange(u);
        }

        Assert.Equal(24, stream.Position);
        var labeledPasses = labeled.Chunk(LabeledPool.Length).ToArray();
        Assert.All(labeledPasses, p => Assert.Equal(LabeledPool, p.Order()));
        Assert.True(labeledPasses.Select(p => string.Join(",", p)).Distinct().Count() > 1, "passes must be reshuffled");
        var unlabeledPasses = unlabeled.Chunk(UnlabeledPool.Length).ToArray();
        Assert.All(unlabeledPasses, p => Assert.Equal(UnlabeledPool, p.Order()));
        Assert.NotEqual(unlabeledPasses[0], unlabeledPasses[1]);
    }

    [Fact]
    public void Seek_reproduces_the_stream_after_n_pairs_with_and_without_prefetch()
    {
        using var data = Indexed();
        var aug = new CropFlipAugmentation(new Normalization([0.5], [0.25]), padding: 1);

        static string Text(torch.Tensor t) =>
            string.Join(",", t.data<float>().ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

        List<string> Run(PairedBatchStream s, int count)
        {
            var r = new List<string>();
            for (int k = 0; k < count; k++)
            {
                using var p = s.Next();
                r.Add(Text(p.Labeled.Images) + "|" + Text(p.Unlabeled.Images));
            }

            return r;
        }

        using var reference = new PairedBatchStream(data, LabeledPool, UnlabeledPool, 4, aug, seed: 9, new PairedStreamOptions { PrefetchDepth = 0 });
        var expected = Run(reference, 9);

        using var prefetched = new PairedBatchStream(data, LabeledPool, UnlabeledPool, 4, aug, seed: 9);
        Assert.Equal(expected, Run(prefetched, 9));

        prefetched.Seek(4);
        Assert.Equal(4, prefetched.Position);
        Assert.Equal(expected.Skip(4), Run(prefetched, 5));

        using var resumed = new PairedBatchStream(data, LabeledPool, UnlabeledPool, 4, aug, seed: 9);
        resumed.Seek(7);
        Assert.Equal(expected.Skip(7), Run(resumed, 2));

        using var other = new PairedBatchStream(data, LabeledPool, UnlabeledPool, 4, aug, seed: 10);
        Assert.NotEqual(expected.Take(3), Run(other, 3));
    }

    [Fact]
    public void Supervised_variant_draws_both_batches_from_the_labelled_examples()
    {
        using var data = Indexed();
        using var test = Indexed();
        var split = new DatasetSplit(LabeledPool, UnlabeledPool);
        using var run = SemiSupervisedData.CreateSupervised(data, test, split, 5, new Identity(), seed: 1);
        for (int k = 0; k < 4; k++)
        {
            using var pair = run.Train.Next();
            Assert.Subset(LabeledPool.ToHashSet(), Drawn(pair.Labeled).ToHashSet());
            Assert.Subset(LabeledPool.ToHashSet(), Drawn(pair.Unlabeled).ToHashSet());
        }

        Assert.Equal(3, run.NumClasses);
    }

    [Fact]
    public void Test_source_yields_every_example_in_order_normalised_only()
    {
        using var data = Indexed();
        var norm = new Normalization([0.2], [0.5]);
        var source = new TestBatchSource(data, new CropFlipAugmentation(norm));

        var batches = source.GetBatches(8).ToList();

        Assert.Equal([8, 8, 8, 6], batches.Select(b => b.Count));
        using var all = torch.cat(batches.Select(b => b.Images).ToArray(), 0);
        using var expected = norm.Apply(data.Images);
        Assert.True(all.allclose(expected));
        Assert.Equal(data.GetLabelArray(), batches.SelectMany(b => b.Labels!.data<long>().ToArray()));
        batches.ForEach(b => b.Dispose());

        var subset = new TestBatchSource(data, new Identity(), [5, 2]);
        using var only = subset.GetBatches(10).Single();
        Assert.Equal([5, 2], Drawn(only));
    }

    [Fact]
    public void A_failing_augmentation_surfaces_on_Next_and_the_stream_can_retry()
    {
        using var data = Indexed();
        using var stream = new PairedBatchStream(data, LabeledPool, UnlabeledPool, 4, new Failing(), seed: 1);

        var e = Assert.Throws<InvalidDataException>(() => stream.Next());
        Assert.Equal("boom", e.Message);
        Assert.Throws<InvalidDataException>(() => stream.Next());
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void Hidden_labels_can_be_withheld_and_bad_pools_are_rejected()
    {
        using var data = Indexed();
        using var stream = new PairedBatchStream(data, LabeledPool, UnlabeledPool, 3, new Identity(), 1, new PairedStreamOptions { HiddenLabels = false });
        using var pair = stream.Next();
        Assert.Null(pair.Unlabeled.Labels);
        Assert.Throws<ArgumentException>(() => new PairedBatchStream(data, [], UnlabeledPool, 3, new Identity(), 1));
        Assert.Throws<ArgumentException>(() => new PairedBatchStream(data, [N], UnlabeledPool, 3, new Identity(), 1));
    }
}
