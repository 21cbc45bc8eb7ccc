using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Tests.Data;

/// <summary>The single streams that <c>WithData(labeled, unlabeled, test)</c> pairs.</summary>
public sealed class ImageBatchStreamTests
{
    private const int N = 30;
    private static readonly int[] LabeledPool = [0, 3, 7, 11, 19, 25];
    private static readonly int[] UnlabeledPool = Enumerable.Range(0, N).Except(LabeledPool).ToArray();

    /// <summary>Image i is a 1×2×2 image whose first pixel is i; label i mod 3.</summary>
    private static InMemoryImages Indexed()
    {
        var pixels = new byte[N * 4];
        for (int i = 0; i < N; i++)
        {
            pixels[4 * i] = (byte)i;
        }

        var labels = Enumerable.Range(0, N).Select(i => (long)(i % 3)).ToArray();
        var data = new ImageDataset(torch.tensor(pixels, [N, 1, 2, 2], torch.ScalarType.Byte), torch.tensor(labels), ["a", "b", "c"]);
        return new InMemoryImages(data, new Noise());
    }

    /// <summary>Adds seeded noise to all but the first pixel, so augmentation draws are visible and the drawn image stays readable.</summary>
    private sealed class Noise : IBatchAugmentation
    {
        public torch.Tensor Augment(torch.Tensor images, torch.Generator generator)
        {
            var x = images.to(torch.float32);
            var noise = torch.rand(x.shape, generator: generator);
            noise[.., 0, 0, 0] = 0;
            return x + noise;
        }

        public torch.Tensor Prepare(torch.Tensor images) => images.to(torch.float32);
    }

    private static int[] Drawn(Batch b) => b.Images[.., 0, 0, 0].to(torch.int32).data<int>().ToArray();

    [Fact]
    public void Each_pass_is_a_permutation_of_the_pool_and_labelled_batches_carry_the_true_labels()
    {
        var stream = ImageBatchStream.Labeled(Indexed(), LabeledPool, batchSize: 4, seed: 5);
        var drawn = new List<int>();
        for (int k = 0; k < 6; k++)
        {
            using var batch = stream.Next();
            var d = Drawn(batch);
            Assert.Equal(d.Select(i => (long)(i % 3)), batch.Labels!.data<long>().ToArray());
            drawn.AddRange(d);
        }

        // 24 draws = 4 passes over 6 examples, each pass a permutation, not all the same order.
        var passes = drawn.Chunk(LabeledPool.Length).ToArray();
        Assert.All(passes, pass => Assert.Equal(LabeledPool, pass.Order()));
        Assert.True(passes.Select(p => string.Join(',', p)).Distinct().Count() > 1);
        Assert.Equal(6, stream.Position);
    }

    [Fact]
    public void Seek_gives_exactly_the_batch_an_uninterrupted_stream_gives_images_and_augmentation()
    {
        var straight = ImageBatchStream.Unlabeled(Indexed(), UnlabeledPool, batchSize: 5, seed: 9);
        for (int k = 0; k < 7; k++)
        {
            straight.Next().Dispose();
        }

        using var expected = straight.Next();
        var sought = ImageBatchStream.Unlabeled(Indexed(), UnlabeledPool, batchSize: 5, seed: 9);
        sought.Seek(7);
        using var actual = sought.Next();

        Assert.True(expected.Images.eq(actual.Images).all().item<bool>());
        Assert.True(expected.Images.frac().abs().sum().item<float>() > 0, "degenerate check: no augmentation noise");
        Assert.Equal(expected.Labels!.data<long>().ToArray(), actual.Labels!.data<long>().ToArray());
        Assert.Equal(8, sought.Position);
    }

    [Fact]
    public void Unlabelled_batches_drop_hidden_labels_when_asked_and_the_two_streams_shuffle_independently()
    {
        var images = Indexed();
        var unlabeled = ImageBatchStream.Unlabeled(images, Enumerable.Range(0, N).ToArray(), batchSize: N, seed: 3, hiddenLabels: false);
        var labeled = ImageBatchStream.Labeled(images, Enumerable.Range(0, N).ToArray(), batchSize: N, seed: 3);
        using var u = unlabeled.Next();
        using var l = labeled.Next();

        Assert.Null(u.Labels);
        Assert.NotEqual(Drawn(l), Drawn(u));
    }

    [Fact]
    public void A_pool_index_outside_the_collection_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageBatchStream.Labeled(Indexed(), [1, 30], batchSize: 2, seed: 1));
        Assert.Contains("Index 30", error.Message, StringComparison.Ordinal);
    }
}
