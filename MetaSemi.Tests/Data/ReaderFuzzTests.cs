using System.Buffers.Binary;
using MetaSemi.Data;
using static MetaSemi.Tests.Data.DataFileWriters;

namespace MetaSemi.Tests.Data;

/// <summary>
/// Hundreds of randomly corrupted copies of a valid file per reader (seeded): each read either
/// succeeds or raises the documented <see cref="DataFormatException"/>; nothing else comes out.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const int Copies = 300;

    private static byte[] Corrupt(byte[] valid, Random random)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(5))
        {
            case 0: // flip a few bytes, biased towards headers where structure lives
                for (int k = random.Next(1, 6); k > 0; k--)
                {
                    int at = random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 200)) : random.Next(bytes.Length);
                    bytes[at] ^= (byte)random.Next(1, 256);
                }

                return bytes;
            case 1: // truncate
                return bytes[..random.Next(bytes.Length)];
            case 2: // append garbage
                var tail = new byte[random.Next(1, 64)];
                random.NextBytes(tail);
                return [.. bytes, .. tail];
            case 3: // overwrite an aligned word with a large or random value (sizes, counts, types)
                int word = random.Next(Math.Max(1, Math.Min(bytes.Length, 256) / 4)) * 4;
                if (word + 4 <= bytes.Length)
                {
                    uint value = random.Next(3) switch { 0 => uint.MaxValue, 1 => 0x7fffffff, _ => (uint)random.Next() };
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(word), value);
                }

                return bytes;
            default: // zero a stretch
                int start = random.Next(bytes.Length);
                bytes.AsSpan(start, Math.Min(bytes.Length - start, random.Next(1, 32))).Clear();
                return bytes;
        }
    }

    private static void Fuzz(string name, byte[] valid, Action<string> read, int seed)
    {
        using var dir = new TempFolder();
        read(dir.Write("valid-" + name, valid));
        var random = new Random(seed);
        int failures = 0;
        for (int k = 0; k < Copies; k++)
        {
            string path = dir.Write($"{k}-{name}", Corrupt(valid, random));
            try
            {
                read(path);
            }
            catch (DataFormatException e)
            {
                Assert.Contains(path, e.Message, StringComparison.Ordinal);
                failures++;
            }
        }

        // The corruptions must actually exercise the error paths.
        Assert.True(failures > Copies / 10, $"only {failures} of {Copies} corrupted copies were rejected");
    }

    private static byte[] Pixels(int n, int seed)
    {
        var bytes = new byte[n];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Idx_reader_plain_and_gzip_raise_only_DataFormatException()
    {
        var images = Idx([6, 5, 5], Pixels(150, 1));
        var labels = Idx([6], [0, 1, 2, 9, 4, 5]);
        Fuzz("images", images, p => IdxReader.ReadImages(p).Dispose(), 1);
        Fuzz("labels", labels, p => IdxReader.ReadLabels(p, 10).Dispose(), 2);
        Fuzz("images.gz", Gzip(images), p => IdxReader.ReadImages(p).Dispose(), 3);
        Fuzz("labels.gz", Gzip(labels), p => IdxReader.ReadLabels(p, 10).Dispose(), 4);
    }

    [Fact]
    public void Cifar_readers_raise_only_DataFormatException()
    {
        var pixels = Pixels(3 * 3072, 5);
        Fuzz("c10.bin", Cifar([[1], [9], [0]], pixels), p => CifarReader.ReadCifar10([p]).Dispose(), 5);
        Fuzz("c100.bin", Cifar([[1, 99], [19, 5], [0, 0]], pixels), p => CifarReader.ReadCifar100(p).Dispose(), 6);
    }

    [Fact]
    public void Mat_and_SVHN_readers_raise_only_DataFormatException()
    {
        var x = MatMatrix(9, [32, 32, 3, 2], "X", 2, Pixels(2 * 3072, 7));
        var y = MatMatrix(6, [2, 1], "y", 2, [10, 3]);
        Fuzz("plain.mat", MatFile(x, y), p => SvhnReader.Read(p).Dispose(), 7);
        Fuzz("zlib.mat", MatFile(MatCompressed(x), MatCompressed(y)), p => SvhnReader.Read(p).Dispose(), 8);
    }

    [Fact]
    public void Label_indices_reader_raises_only_DataFormatException()
    {
        Fuzz("label_indices.txt", "12\n7\n3\n100\n"u8.ToArray(), p => LabelIndicesFile.Read(p), 9);
    }
}

public sealed class RecordIOFuzzTests
{
    [Fact]
    public void RecordIO_reader_raises_only_DataFormatException_on_corrupted_packs()
    {
        using var dir = new TempFolder();
        var random = new Random(12);
        using (var writer = new RecordIOWriter(dir.File("v.rec"), dir.File("v.idx")))
        {
            for (int i = 0; i < 6; i++)
            {
                var image = new byte[random.Next(4, 60)];
                random.NextBytes(image);
                writer.Write((ulong)i, new ImageRecord(i % 2 == 0 ? [i] : [i, i + 1f], (ulong)i, 0, image));
            }
        }

        var valid = File.ReadAllBytes(dir.File("v.rec"));
        var corrupt = new Random(13);
        int rejected = 0;
        for (int k = 0; k < 300; k++)
        {
            var bytes = (byte[])valid.Clone();
            if (k % 3 == 0)
            {
                bytes = bytes[..corrupt.Next(bytes.Length)];
            }
            else
            {
                for (int j = corrupt.Next(1, 4); j > 0; j--)
                {
                    bytes[corrupt.Next(bytes.Length)] ^= (byte)corrupt.Next(1, 256);
                }
            }

            string path = dir.Write($"{k}.rec", bytes);
            try
            {
                using var reader = new RecordIOReader(path);
                _ = reader.ReadAll().Count();
            }
            catch (DataFormatException e)
            {
                Assert.Contains(path, e.Message, StringComparison.Ordinal);
                rejected++;
            }
        }

        Assert.True(rejected > 30, $"only {rejected} of 300 corrupted packs were rejected");
    }
}
