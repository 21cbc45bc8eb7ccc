using System.Security.Cryptography;
using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Tests.Data;

/// <summary>
/// The default streams (μ 1, weak view only) stay byte for byte what they were before named views, μ and
/// the merged prefetching implementation: SHA-256 of the first pairs' images and labels, measured on
/// commit 34d54bc (before the change) and pinned here, as the trainer's golden values pin its numbers.
/// </summary>
public sealed class StreamGoldenTests
{
    private const int N = 50;
    private static readonly int[] LabeledPool = [0, 4, 9, 13, 21, 22, 30, 41];
    private static readonly int[] UnlabeledPool = Enumerable.Range(0, N).Except(LabeledPool).ToArray();

    private static ImageDataset Data()
    {
        var pixels = new byte[N * 3 * 6 * 6];
        new Random(17).NextBytes(pixels);
        var labels = Enumerable.Range(0, N).Select(i => (long)(i % 4)).ToArray();
        return new ImageDataset(torch.tensor(pixels, [N, 3, 6, 6], torch.ScalarType.Byte), torch.tensor(labels), ["a", "b", "c", "d"]);
    }

    private static CropFlipAugmentation Augmentation() => new(new Normalization([0.4, 0.5, 0.6], [0.2, 0.25, 0.3]), padding: 2);

    private static void Add(IncrementalHash hash, Batch batch)
    {
        hash.AppendData(batch.Images.contiguous().bytes);
        if (batch.Labels is not null)
        {
            hash.AppendData(batch.Labels.contiguous().bytes);
        }
    }

    private static string Fingerprint(IPairedBatchSource stream, int pairs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int k = 0; k < pairs; k++)
        {
            using var pair = stream.Next();
            Add(hash, pair.Labeled);
            Add(hash, pair.Unlabeled);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string Fingerprint(IBatchStream stream, int batches)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int k = 0; k < batches; k++)
        {
            using var batch = stream.Next();
            Add(hash, batch);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private const string SingleProcess = "3EF27F0DF768986FDE1E4ABF00C4488B5FE45692ECE1D180E0F327973255F023";
    private const string RankOneOfTwo = "279B92E3BA7E217EEE5306F438991CB3B5499E8FCE0E9FC403CA7A71D969222F";

    [Theory]
    [InlineData(0, 1, 0, SingleProcess)]
    [InlineData(0, 1, 4, SingleProcess)]
    [InlineData(1, 2, 0, RankOneOfTwo)]
    [InlineData(1, 2, 3, RankOneOfTwo)]
    public void The_default_paired_stream_is_byte_identical_to_the_stream_before_views(int rank, int worldSize, int prefetch, string expected)
    {
        using var data = Data();
        using var stream = new PairedBatchStream(data, LabeledPool, UnlabeledPool, batchSize: 5, Augmentation(), seed: 8469,
            new PairedStreamOptions { Rank = rank, WorldSize = worldSize, PrefetchDepth = prefetch });
        Assert.Equal(expected, Fingerprint(stream, 12));
    }

    [Fact]
    public void The_single_streams_are_byte_identical_to_the_streams_before_the_merge()
    {
        using var data = Data();
        var images = new InMemoryImages(data, Augmentation());
        using var labeled = ImageBatchStream.Labeled(images, LabeledPool, 5, seed: 3);
        using var unlabeled = ImageBatchStream.Unlabeled(images, UnlabeledPool, 6, seed: 3);
        Assert.Equal("402E47EF97052B37340A1DF60312842669C555B0EF0966031126C58023B3CB44", Fingerprint(labeled, 7));
        Assert.Equal("241F30215DDD273B92AC7A0484187532D17914E6A227910FFAEAC2235A93AAD2", Fingerprint(unlabeled, 7));
    }
}
