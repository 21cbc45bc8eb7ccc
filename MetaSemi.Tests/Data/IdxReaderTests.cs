using MetaSemi.Data;
using static MetaSemi.Tests.Data.DataFileWriters;

namespace MetaSemi.Tests.Data;

public sealed class IdxReaderTests
{
    private static (byte[] Pixels, byte[] Labels) Sample(int n, int h, int w)
    {
        var random = new Random(5);
        var pixels = new byte[n * h * w];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, n).Select(_ => (byte)random.Next(10)).ToArray();
        return (pixels, labels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_and_labels_round_trip_plain_and_gzip(bool gzip)
    {
        using var dir = new TempFolder();
        var (pixels, labels) = Sample(7, 5, 4);
        var img = Idx([7, 5, 4], pixels);
        var lab = Idx([7], labels);
        string ip = dir.Write("train-images-idx3-ubyte" + (gzip ? ".gz" : ""), gzip ? Gzip(img) : img);
        string lp = dir.Write("train-labels-idx1-ubyte" + (gzip ? ".gz" : ""), gzip ? Gzip(lab) : lab);

        using var data = IdxReader.Read(ip, lp, MnistReader.MnistClassNames);

        Assert.Equal([7L, 1, 5, 4], data.Images.shape);
        Assert.Equal(pixels, data.Images.data<byte>().ToArray());
        Assert.Equal(labels.Select(b => (long)b).ToArray(), data.GetLabelArray());
    }

    [Fact]
    public void MnistReader_finds_the_usual_file_names_and_uses_fashion_class_names()
    {
        using var dir = new TempFolder();
        var (pixels, labels) = Sample(3, 2, 2);
        dir.Write("t10k-images-idx3-ubyte.gz", Gzip(Idx([3, 2, 2], pixels)));
        dir.Write("t10k-labels-idx1-ubyte", Idx([3], labels));

        using var data = MnistReader.LoadFashionMnist(dir.Path, train: false);

        Assert.Equal(3, data.Count);
        Assert.Equal("Ankle boot", data.ClassNames[9]);
        Assert.Throws<FileNotFoundException>(() => MnistReader.LoadMnist(dir.Path, train: true));
    }

    [Fact]
    public void Wrong_magic_truncation_lying_header_and_bad_label_raise_DataFormatException_naming_the_file()
    {
        using var dir = new TempFolder();
        var (pixels, labels) = Sample(4, 3, 3);
        var good = Idx([4, 3, 3], pixels);

        var badMagic = (byte[])good.Clone();
        badMagic[0] = 0x12;
        string p1 = dir.Write("magic", badMagic);
        var e1 = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(p1));
        Assert.Contains(p1, e1.Message, StringComparison.Ordinal);
        Assert.Contains("magic", e1.Message, StringComparison.Ordinal);

        string p2 = dir.Write("truncated", good[..^5]);
        var e2 = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(p2));
        Assert.Contains("should be 52 bytes; it is 47", e2.Message, StringComparison.Ordinal);

        // A header claiming a billion images must fail on the size check, not on allocation.
        string p3 = dir.Write("lying.gz", Gzip(Idx([1_000_000_000, 28, 28], pixels)));
        var e3 = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(p3));
        Assert.Contains("more than a", e3.Message, StringComparison.Ordinal);

        string p4 = dir.Write("labels", Idx([4], [1, 2, 12, 3]));
        var e4 = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(p4, 10));
        Assert.Contains("item 2: label 12 is outside [0, 10)", e4.Message, StringComparison.Ordinal);

        string p5 = dir.Write("trailing.gz", Gzip([.. Idx([4], labels), 9]));
        Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(p5, 10));

        string ip = dir.Write("images", good);
        string lp = dir.Write("three-labels", Idx([3], [1, 2, 3]));
        var e6 = Assert.Throws<DataFormatException>(() => IdxReader.Read(ip, lp, MnistReader.MnistClassNames));
        Assert.Contains("expected equal counts", e6.Message, StringComparison.Ordinal);
    }
}
