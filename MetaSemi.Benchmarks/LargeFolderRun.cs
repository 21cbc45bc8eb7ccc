using System.Diagnostics;
using System.Globalization;
using MetaSemi.Data;
using SkiaSharp;

namespace MetaSemi.Benchmarks;

/// <summary>
/// Writes a user-style image folder with a large <c>unlabeled/</c> for the folder-cache measurement
/// (docs/benchmarks/folder-cache.md): from the full Fashion-MNIST, 25 labelled images per class in
/// <c>labeled/&lt;class&gt;/</c>, N unlabelled 28×28 grey PNGs in <c>unlabeled/</c> (the other training images in
/// turn, mirrored on every second pass so that no two files are equal), 100 test images per class in
/// <c>test/&lt;class&gt;/</c>.
/// </summary>
public static class LargeFolderRun
{
    private const int LabeledPerClass = 25;
    private const int TestPerClass = 100;

    /// <summary>Runs with the arguments <c>ROOT [unlabelled count, default 100000] [Fashion-MNIST folder]</c>.</summary>
    /// <exception cref="ArgumentException">The count is not a positive number, or ROOT already has files.</exception>
    public static void Execute(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 1)
        {
            throw new ArgumentException("large-folder needs the folder to write: large-folder ROOT [unlabelled count] [fashion-mnist folder]");
        }

        string root = args[0];
        int count = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : args.Length > 1 ? throw new ArgumentException($"'{args[1]}' is not a positive number of unlabelled images.") : 100_000;
        string data = args.Length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist";
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new ArgumentException($"'{root}' is not empty; large-folder writes into an empty or new folder.");
        }

        var clock = Stopwatch.StartNew();
        using var train = DatasetLoader.Load("fashion-mnist", data, train: true);
        using var test = DatasetLoader.Load("fashion-mnist", data, train: false);
        var names = train.ClassNames.Select(c => c.Replace('/', '-')).ToArray();
        var trainPixels = train.Images.data<byte>().ToArray();
        var trainLabels = train.GetLabelArray();
        var taken = new int[names.Length];
        var pool = new List<int>();
        for (int i = 0; i < train.Count; i++)
        {
            int c = (int)trainLabels[i];
            if (taken[c] < LabeledPerClass)
            {
                Save(trainPixels, i, mirror: false, Path.Combine(root, "labeled", names[c], $"{i:00000}.png"));
                taken[c]++;
            }
            else
            {
                pool.Add(i);
            }
        }

        Directory.CreateDirectory(Path.Combine(root, "unlabeled"));
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            int source = pool[k % pool.Count];
            Save(trainPixels, source, mirror: k / pool.Count % 2 == 1, Path.Combine(root, "unlabeled", $"{k:000000}.png"));
            if ((k + 1) % 10_000 == 0)
            {
                Console.WriteLine($"unlabeled: {k + 1:N0}/{count:N0} written, {clock.Elapsed.TotalSeconds:F0} s");
            }
        });

        var testPixels = test.Images.data<byte>().ToArray();
        var testLabels = test.GetLabelArray();
        Array.Clear(taken);
        for (int i = 0; i < test.Count; i++)
        {
            int c = (int)testLabels[i];
            if (taken[c]++ < TestPerClass)
            {
                Save(testPixels, i, mirror: false, Path.Combine(root, "test", names[c], $"{i:00000}.png"));
            }
        }

        Console.WriteLine($"wrote {root}: {LabeledPerClass * names.Length} labelled, {count:N0} unlabelled, {TestPerClass * names.Length} test images in {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Image <paramref name="index"/> of a uint8 N×1×28×28 array as a grey PNG.</summary>
    private static void Save(byte[] images, int index, bool mirror, string path)
    {
        const int side = 28;
        var pixels = images.AsSpan(index * side * side, side * side).ToArray();
        if (mirror)
        {
            for (int row = 0; row < side; row++)
            {
                Array.Reverse(pixels, row * side, side);
            }
        }

        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, encoded.ToArray());
    }
}
