using System.Buffers.Binary;
using MetaSemi.Data;
using static MetaSemi.Tests.Data.DataFileWriters;

namespace MetaSemi.Tests.Data;

public sealed class SvhnReaderTests
{
    private const int N = 3;

    /// <summary>X as MATLAB stores it: X(row, col, channel, n) at row + 32·col + 1024·channel + 3072·n.</summary>
    private static byte[] ColumnMajorX(out Func<int, int, int, int, byte> at)
    {
        var x = new byte[3072 * N];
        new Random(9).NextBytes(x);
        at = (row, col, ch, n) => x[row + (32 * col) + (1024 * ch) + (3072 * n)];
        return x;
    }

    private static byte[] Doubles(double[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        }

        return bytes;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void X_is_transposed_from_column_major_and_label_10_becomes_0(bool compressed)
    {
        using var dir = new TempFolder();
        var x = ColumnMajorX(out var at);
        var xElement = MatMatrix(9, [32, 32, 3, N], "X", 2, x);
        // MATLAB stores a double array of small integers compactly as miUINT8 when compressing.
        var yElement = compressed
            ? MatMatrix(6, [N, 1], "y", 2, [10, 1, 7])
            : MatMatrix(6, [N, 1], "y", 9, Doubles([10, 1, 7]));
        string path = dir.Write("train_32x32.mat", compressed
            ? MatFile(MatCompressed(xElement), MatCompressed(yElement))
            : MatFile(xElement, yElement));

        using var data = SvhnReader.Load(dir.Path, train: true);

        Assert.Equal([(long)N, 3, 32, 32], data.Images.shape);
        Assert.Equal([0L, 1, 7], data.GetLabelArray());
        var images = data.Images.data<byte>().ToArray();
        for (int n = 0; n < N; n++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int h = 0; h < 32; h++)
                {
                    for (int w = 0; w < 32; w++)
                    {
                        Assert.Equal(at(h, w, c, n), images[(n * 3072) + (c * 1024) + (h * 32) + w]);
                    }
                }
            }
        }
    }

    [Fact]
    public void MatFileReader_lists_variables_with_class_dimensions_and_converted_data()
    {
        using var dir = new TempFolder();
        string path = dir.Write("v.mat", MatFile(
            MatCompressed(MatMatrix(6, [2, 2], "weights", 3, [1, 0, 0xff, 0xff, 3, 0, 4, 0])),
            MatMatrix(4, [1, 2], "s", 4, [65, 0, 66, 0])));

        var vars = MatFileReader.Read(path);

        Assert.Equal(MatClass.Double, vars["weights"].Class);
        Assert.Equal([2, 2], vars["weights"].Dimensions);
        Assert.Equal([1.0, -1.0, 3.0, 4.0], (double[])vars["weights"].Data!);
        Assert.Equal(MatClass.Char, vars["s"].Class);
        Assert.Null(vars["s"].Data);
    }

    [Fact]
    public void Corrupt_mat_files_raise_DataFormatException_naming_the_problem()
    {
        using var dir = new TempFolder();
        var x = ColumnMajorX(out _);
        var xElement = MatMatrix(9, [32, 32, 3, N], "X", 2, x);
        var yElement = MatMatrix(6, [N, 1], "y", 9, Doubles([10, 1, 7]));

        var e1 = Assert.Throws<DataFormatException>(() => SvhnReader.Read(dir.Write("t.mat", MatFile(xElement, yElement)[..^9])));
        Assert.Contains("bytes remain", e1.Message, StringComparison.Ordinal);

        var lying = MatMatrix(9, [32, 32, 3, 1_000_000], "X", 2, x);
        var e2 = Assert.Throws<DataFormatException>(() => SvhnReader.Read(dir.Write("l.mat", MatFile(lying, yElement))));
        Assert.Contains("its dimensions need 3072000000 elements", e2.Message, StringComparison.Ordinal);

        var badY = MatMatrix(6, [N, 1], "y", 9, Doubles([10, 11, 7]));
        var e3 = Assert.Throws<DataFormatException>(() => SvhnReader.Read(dir.Write("y.mat", MatFile(xElement, badY))));
        Assert.Contains("item 1: y is 11", e3.Message, StringComparison.Ordinal);

        var corruptZ = MatCompressed(xElement);
        corruptZ[20] ^= 0x5a;
        corruptZ[21] ^= 0xa5;
        Assert.Throws<DataFormatException>(() => SvhnReader.Read(dir.Write("z.mat", MatFile(corruptZ, yElement))));

        var e5 = Assert.Throws<DataFormatException>(() => SvhnReader.Read(dir.Write("noy.mat", MatFile(xElement))));
        Assert.Contains("expected X and y", e5.Message, StringComparison.Ordinal);

        var hdf5 = MatFile(xElement);
        hdf5[125] = 0x02;
        var e6 = Assert.Throws<DataFormatException>(() => SvhnReader.Read(dir.Write("h.mat", hdf5)));
        Assert.Contains("7.3", e6.Message, StringComparison.Ordinal);
    }
}

public sealed class SvhnScipyFixtureTests
{
    private static string Fixture(string name)
    {
        string root = typeof(SvhnScipyFixtureTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        return Path.Combine(root, "MetaSemi.Tests", "Data", "Fixtures", name);
    }

    [Theory]
    [InlineData("svhn_scipy_zlib.mat")]
    [InlineData("svhn_scipy_plain.mat")]
    public void Files_written_by_SciPy_savemat_read_with_the_documented_layout(string name)
    {
        using var data = SvhnReader.Read(Fixture(name));

        Assert.Equal([2L, 3, 32, 32], data.Images.shape);
        Assert.Equal([0L, 3], data.GetLabelArray());
        var pixels = data.Images.data<byte>().ToArray();
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int h = 0; h < 32; h++)
                {
                    for (int w = 0; w < 32; w++)
                    {
                        Assert.Equal((h + (2 * w) + (7 * c) + (50 * n)) % 256, pixels[(n * 3072) + (c * 1024) + (h * 32) + w]);
                    }
                }
            }
        }
    }
}
