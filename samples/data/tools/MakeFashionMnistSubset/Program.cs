// Writes a class-balanced, seeded subset of an IDX (MNIST-format) data set as gzip-compressed IDX
// files. Used once to make samples/data/fashion-mnist-small; rerunning it reproduces the files.
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: MakeFashionMnistSubset SOURCE_DIR TARGET_DIR TRAIN_PER_CLASS TEST_PER_CLASS SEED");
    return 2;
}

var source = args[0];
var target = args[1];
var trainPerClass = int.Parse(args[2], CultureInfo.InvariantCulture);
var testPerClass = int.Parse(args[3], CultureInfo.InvariantCulture);
var seed = int.Parse(args[4], CultureInfo.InvariantCulture);
Directory.CreateDirectory(target);

// One Random for both splits, train first, so one seed fixes the whole subset.
var random = new Random(seed);
foreach (var (prefix, perClass) in new[] { ("train", trainPerClass), ("t10k", testPerClass) })
{
    var images = Idx.Read(Path.Combine(source, $"{prefix}-images-idx3-ubyte.gz"), expectedMagic: 0x00000803);
    var labels = Idx.Read(Path.Combine(source, $"{prefix}-labels-idx1-ubyte.gz"), expectedMagic: 0x00000801);
    if (images.Dims[0] != labels.Dims[0])
    {
        throw new InvalidDataException($"{prefix}: {images.Dims[0]} images but {labels.Dims[0]} labels.");
    }

    var chosen = BalancedSubset.Choose(labels.Data, perClass, random);
    int imageSize = images.Dims[1] * images.Dims[2];
    var subsetImages = new byte[chosen.Length * imageSize];
    var subsetLabels = new byte[chosen.Length];
    for (int i = 0; i < chosen.Length; i++)
    {
        Array.Copy(images.Data, (long)chosen[i] * imageSize, subsetImages, (long)i * imageSize, imageSize);
        subsetLabels[i] = labels.Data[chosen[i]];
    }

    Idx.Write(Path.Combine(target, $"{prefix}-images-idx3-ubyte.gz"), 0x00000803, [chosen.Length, images.Dims[1], images.Dims[2]], subsetImages);
    Idx.Write(Path.Combine(target, $"{prefix}-labels-idx1-ubyte.gz"), 0x00000801, [chosen.Length], subsetLabels);
    var counts = subsetLabels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}");
    Console.WriteLine($"{prefix}: {chosen.Length} of {labels.Dims[0]} ({string.Join(' ', counts)})");
}

return 0;

/// <summary>Picks the first <c>perClass</c> indices of each class from a seeded shuffle, kept in file order.</summary>
internal static class BalancedSubset
{
    public static int[] Choose(byte[] labels, int perClass, Random random)
    {
        var order = Enumerable.Range(0, labels.Length).ToArray();
        random.Shuffle(order);
        var taken = new Dictionary<byte, int>();
        var chosen = new List<int>();
        foreach (var index in order)
        {
            var label = labels[index];
            taken.TryGetValue(label, out var count);
            if (count < perClass)
            {
                taken[label] = count + 1;
                chosen.Add(index);
            }
        }

        foreach (var (label, count) in taken)
        {
            if (count < perClass)
            {
                throw new InvalidDataException($"Class {label} has only {count} examples; {perClass} were asked for.");
            }
        }

        chosen.Sort();
        return [.. chosen];
    }
}

/// <summary>An IDX file: magic number, big-endian 32-bit dimensions, then unsigned bytes.</summary>
internal sealed record Idx(int[] Dims, byte[] Data)
{
    public static Idx Read(string path, int expectedMagic)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        var bytes = memory.ToArray();
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            throw new InvalidDataException($"{path}: magic 0x{magic:X8}, expected 0x{expectedMagic:X8}.");
        }

        int rank = magic & 0xFF;
        var dims = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * d)));
        }

        int offset = 4 + (4 * rank);
        long expected = dims.Aggregate(1L, (a, b) => a * b);
        if (bytes.Length - offset != expected)
        {
            throw new InvalidDataException($"{path}: {bytes.Length - offset} data bytes, expected {expected}.");
        }

        return new Idx(dims, bytes[offset..]);
    }

    public static void Write(string path, int magic, int[] dims, byte[] data)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, magic);
        gzip.Write(word);
        foreach (var dim in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, dim);
            gzip.Write(word);
        }

        gzip.Write(data);
    }
}
