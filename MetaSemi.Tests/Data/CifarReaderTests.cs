using MetaSemi.Data;
using static MetaSemi.Tests.Data.DataFileWriters;

namespace MetaSemi.Tests.Data;

public sealed class CifarReaderTests
{
    [Fact]
    public void Cifar10_batches_concatenate_in_order_with_planes_R_G_B()
    {
        using var dir = new TempFolder();
        var random = new Random(3);
        var pixels = new byte[5 * 3072];
        random.NextBytes(pixels);
        byte[] labels = [3, 0, 9, 5, 1];
        dir.Write("cifar-10-batches-bin/test_batch.bin", Cifar(labels.Select(l => new[] { l }).ToArray(), pixels));
        var f1 = dir.Write("a.bin", Cifar([[3], [0]], pixels[..(2 * 3072)]));
        var f2 = dir.Write("b.bin", Cifar([[9], [5], [1]], pixels[(2 * 3072)..]));

        using var split = CifarReader.ReadCifar10([f1, f2]);
        using var loaded = CifarReader.LoadCifar10(dir.Path, train: false);

        foreach (var data in new[] { split, loaded })
        {
            Assert.Equal([5L, 3, 32, 32], data.Images.shape);
            Assert.Equal(labels.Select(l => (long)l), data.GetLabelArray());
            Assert.Equal(pixels, data.Images.data<byte>().ToArray());
            Assert.Equal("truck", data.ClassNames[9]);
        }

        // Image 4, green plane (1), row 2, column 7 is byte 4·3072 + 1024 + 2·32 + 7 of the pixel stream.
        Assert.Equal(pixels[(4 * 3072) + 1024 + 64 + 7], split.Images[4, 1, 2, 7].item<byte>());
    }

    [Fact]
    public void Cifar100_uses_fine_labels_by_default_and_coarse_on_request()
    {
        using var dir = new TempFolder();
        var pixels = new byte[2 * 3072];
        new Random(4).NextBytes(pixels);
        string f = dir.Write("train.bin", Cifar([[11, 99], [19, 0]], pixels));

        using var fine = CifarReader.ReadCifar100(f);
        using var coarse = CifarReader.ReadCifar100(f, Cifar100LabelKind.Coarse);

        Assert.Equal([99L, 0], fine.GetLabelArray());
        Assert.Equal(100, fine.NumClasses);
        Assert.Equal("worm", fine.ClassNames[99]);
        Assert.Equal([11L, 19], coarse.GetLabelArray());
        Assert.Equal(20, coarse.NumClasses);
        Assert.Equal(pixels, fine.Images.data<byte>().ToArray());
    }

    [Fact]
    public void Partial_records_and_out_of_range_labels_raise_DataFormatException()
    {
        using var dir = new TempFolder();
        var pixels = new byte[2 * 3072];
        string partial = dir.Write("partial.bin", Cifar([[1], [2]], pixels)[..^1]);
        var e1 = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10([partial]));
        Assert.Contains("multiple of the 3073-byte record", e1.Message, StringComparison.Ordinal);

        string badLabel = dir.Write("label.bin", Cifar([[1], [10]], pixels));
        var e2 = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10([badLabel]));
        Assert.Contains("item 1: label 10", e2.Message, StringComparison.Ordinal);

        string badFine = dir.Write("fine.bin", Cifar([[1, 100], [2, 3]], pixels));
        Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100(badFine));
    }
}
