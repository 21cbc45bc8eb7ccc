using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Tests.Data;

/// <summary>
/// <see cref="PairedStreamOptions.Rank"/> / <see cref="PairedStreamOptions.WorldSize"/>: the ranks share
/// one shuffle per pass and take disjoint global pairs of it; positions count the pairs of all ranks.
/// </summary>
public sealed class ShardedStreamTests
{
    private const int N = 40;
    private static readonly int[] LabeledPool = [0, 3, 7, 11, 19, 25, 30, 33];
    private static readonly int[] UnlabeledPool = Enumerable.Range(0, N).Except(LabeledPool).ToArray();

    /// <summary>Image i has first pixel i (label i mod 3), so a batch shows which images it holds.</summary>
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

    private static CropFlipAugmentation Augmentation() => new(new Normalization([0.5], [0.25]), padding: 1);

    private static PairedBatchStream Stream(ImageDataset data, int rank, int worldSize, int prefetch = 0) =>
        new(data, LabeledPool, UnlabeledPool, batchSize: 4, Augmentation(), seed: 11,
            new PairedStreamOptions { Rank = rank, WorldSize = worldSize, PrefetchDepth = prefetch });

    private static float[] Values(torch.Tensor t) => t.data<float>().ToArray();

    /// <summary>No randomness: uint8 to float, so that batches reveal which images were drawn.</summary>
    private sealed class Identity : IBatchAugmentation
    {
        public torch.Tensor Augment(torch.Tensor images, torch.Generator generator) => images.to(torch.float32);

        public torch.Tensor Prepare(torch.Tensor images) => images.to(torch.float32);
    }

    private static int[] Drawn(Batch b) => b.Images[.., 0, 0, 0].to(torch.int32).data<int>().ToArray();

    [Fact]
    public void Rank_r_of_W_draws_exactly_the_single_stream_pairs_r_W_plus_r_and_so_on_augmentation_included()
    {
        using var data = Indexed();
        using var single = Stream(data, 0, 1);
        var reference = Enumerable.Range(0, 12).Select(_ => single.Next()).ToList();
        foreach (int prefetch in new[] { 0, 3 })
        {
            for (int rank = 0; rank < 3; rank++)
            {
                using var shard = Stream(data, rank, 3, prefetch);
                Assert.Equal(rank, shard.ShardIndex);
                Assert.Equal(3, shard.ShardCount);
                for (int k = 0; k < 4; k++)
                {
                    using var pair = shard.Next();
                    var expected = reference[(3 * k) + rank];
                    Assert.Equal(Values(expected.Labeled.Images), Values(pair.Labeled.Images));
                    Assert.Equal(Values(expected.Unlabeled.Images), Values(pair.Unlabeled.Images));
                    Assert.Equal(expected.Labeled.Labels!.data<long>().ToArray(), pair.Labeled.Labels!.data<long>().ToArray());
                    Assert.Equal(3 * (k + 1), shard.Position);
                }
            }
        }

        reference.ForEach(p => p.Dispose());
    }

    [Fact]
    public void Within_each_pass_the_ranks_draws_are_disjoint_and_cover_the_pass()
    {
        using var data = Indexed();
        var augmentation = new Identity();
        var streams = Enumerable.Range(0, 2).Select(rank => new PairedBatchStream(data, LabeledPool, UnlabeledPool, batchSize: 4, augmentation, seed: 3,
            new PairedStreamOptions { Rank = rank, WorldSize = 2, PrefetchDepth = 0 })).ToArray();

        // 2 ranks × 4 labelled per step = 8 = one labelled pass per step; unlabelled: 32 = four steps.
        var labeledByStep = new List<(int[] Rank0, int[] Rank1)>();
        var unlabeled = new List<int>[] { [], [] };
        for (int step = 0; step < 8; step++)
        {
            using var a = streams[0].Next();
            using var b = streams[1].Next();
            labeledByStep.Add((Drawn(a.Labeled), Drawn(b.Labeled)));
            unlabeled[0].AddRange(Drawn(a.Unlabeled));
            unlabeled[1].AddRange(Drawn(b.Unlabeled));
        }

        foreach (var (rank0, rank1) in labeledByStep)
        {
            Assert.Empty(rank0.Intersect(rank1));
            Assert.Equal(LabeledPool, rank0.Concat(rank1).Order());
        }

        for (int pass = 0; pass < 2; pass++)
        {
            var mine = unlabeled[0].Skip(16 * pass).Take(16).ToArray();
            var theirs = unlabeled[1].Skip(16 * pass).Take(16).ToArray();
            Assert.Empty(mine.Intersect(theirs));
            Assert.Equal(UnlabeledPool, mine.Concat(theirs).Order());
        }

        foreach (var s in streams)
        {
            s.Dispose();
        }
    }

    [Fact]
    public void A_position_written_by_two_ranks_resumes_on_one_or_three_where_the_data_left_off()
    {
        using var data = Indexed();
        using var single = Stream(data, 0, 1);
        var reference = Enumerable.Range(0, 20).Select(_ => single.Next()).ToList();

        // Two ranks took 3 steps each: position 6, the same on both.
        using var rank1 = Stream(data, 1, 2);
        for (int i = 0; i < 3; i++)
        {
            rank1.Next().Dispose();
        }

        Assert.Equal(6, rank1.Position);

        using var alone = Stream(data, 0, 1, prefetch: 2);
        alone.Seek(rank1.Position);
        using (var next = alone.Next())
        {
            Assert.Equal(Values(reference[6].Labeled.Images), Values(next.Labeled.Images));
        }

        for (int rank = 0; rank < 3; rank++)
        {
            using var shard = Stream(data, rank, 3, prefetch: 2);
            shard.Seek(6);
            using var first = shard.Next();
            using var second = shard.Next();
            Assert.Equal(Values(reference[6 + rank].Unlabeled.Images), Values(first.Unlabeled.Images));
            Assert.Equal(Values(reference[9 + rank].Unlabeled.Images), Values(second.Unlabeled.Images));
            Assert.Equal(12, shard.Position);
        }

        reference.ForEach(p => p.Dispose());
    }

    [Fact]
    public void Bad_ranks_are_rejected()
    {
        using var data = Indexed();
        Assert.Throws<ArgumentOutOfRangeException>(() => Stream(data, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Stream(data, -1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Stream(data, 0, 0));
    }

    [Theory]
    [InlineData(10, 3, 4)]
    [InlineData(7, 3, 2)]
    [InlineData(2, 3, 5)]
    public void Test_shards_are_disjoint_contiguous_slices_that_cover_the_set(int count, int shards, int batchSize)
    {
        using var data = Indexed();
        var indices = Enumerable.Range(5, count).ToArray();
        var source = new TestBatchSource(data, new Identity(), indices);
        var all = new List<int>();
        foreach (int shard in Enumerable.Range(0, shards))
        {
            foreach (var batch in source.GetBatches(batchSize, shard, shards))
            {
                using (batch)
                {
                    Assert.True(batch.Count <= batchSize);
                    all.AddRange(Drawn(batch));
                }
            }
        }

        Assert.Equal(indices, all);
    }

    [Fact]
    public void The_default_sharding_of_any_source_deals_out_whole_batches_in_turn()
    {
        using var data = Indexed();
        IBatchSource source = new Plain(new TestBatchSource(data, new Identity()));
        var shard0 = source.GetBatches(7, 0, 2).SelectMany(b => { using (b) { return Drawn(b); } }).ToArray();
        var shard1 = source.GetBatches(7, 1, 2).SelectMany(b => { using (b) { return Drawn(b); } }).ToArray();
        Assert.Equal([.. Enumerable.Range(0, 7), .. Enumerable.Range(14, 7), .. Enumerable.Range(28, 7)], shard0);
        Assert.Equal([.. Enumerable.Range(7, 7), .. Enumerable.Range(21, 7), .. Enumerable.Range(35, 5)], shard1);
    }

    /// <summary>A source that does not override the sharded enumeration.</summary>
    private sealed class Plain(IBatchSource inner) : IBatchSource
    {
        public int Count => inner.Count;

        public int NumClasses => inner.NumClasses;

        public IEnumerable<Batch> GetBatches(int batchSize) => inner.GetBatches(batchSize);
    }
}
