using TorchSharp;

namespace MetaSemi.Data;

/// <summary>Which CIFAR-100 label to use.</summary>
public enum Cifar100LabelKind
{
    /// <summary>The 100 fine classes (what the paper uses).</summary>
    Fine,

    /// <summary>The 20 coarse super-classes.</summary>
    Coarse,
}

/// <summary>
/// Reads the CIFAR binary versions: CIFAR-10 (<c>data_batch_1..5.bin</c>, <c>test_batch.bin</c>;
/// records of 1 label byte + 3072 pixel bytes, planes R, G, B) and CIFAR-100 (<c>train.bin</c>,
/// <c>test.bin</c>; coarse label byte, fine label byte, 3072 pixel bytes).
/// </summary>
public static class CifarReader
{
    private const int ImageBytes = 3 * 32 * 32;

    /// <summary>CIFAR-10 class names (used when <c>batches.meta.txt</c> is absent).</summary>
    public static IReadOnlyList<string> Cifar10ClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>CIFAR-100 fine class names (used when <c>fine_label_names.txt</c> is absent).</summary>
    public static IReadOnlyList<string> Cifar100FineClassNames { get; } =
    [
        "apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle",
        "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle",
        "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur",
        "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo", "keyboard",
        "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree", "motorcycle", "mountain",
        "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear", "pickup_truck", "pine_tree",
        "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray", "road", "rocket",
        "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake", "spider",
        "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor",
        "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman", "worm",
    ];

    /// <summary>CIFAR-100 coarse class names (used when <c>coarse_label_names.txt</c> is absent).</summary>
    public static IReadOnlyList<string> Cifar100CoarseClassNames { get; } =
    [
        "aquatic_mammals", "fish", "flowers", "food_containers", "fruit_and_vegetables",
        "household_electrical_devices", "household_furniture", "insects", "large_carnivores", "large_man-made_outdoor_things",
        "large_natural_outdoor_scenes", "large_omnivores_and_herbivores", "medium_mammals", "non-insect_invertebrates", "people",
        "reptiles", "small_mammals", "trees", "vehicles_1", "vehicles_2",
    ];

    /// <summary>Reads CIFAR-10 binary batch files, concatenated in the given order.</summary>
    /// <exception cref="DataFormatException">A file's size is not a whole number of records, or a label is not below 10.</exception>
    public static ImageDataset ReadCifar10(IReadOnlyList<string> files, IReadOnlyList<string>? classNames = null) =>
        ReadRecords(files, labelBytes: 1, labelIndex: 0, classNames ?? Cifar10ClassNames);

    /// <summary>Reads a CIFAR-100 binary file with the fine (default) or coarse labels.</summary>
    /// <exception cref="DataFormatException">The file's size is not a whole number of records, or a label is out of range.</exception>
    public static ImageDataset ReadCifar100(string file, Cifar100LabelKind labels = Cifar100LabelKind.Fine, IReadOnlyList<string>? classNames = null) =>
        ReadRecords([file], labelBytes: 2, labelIndex: labels == Cifar100LabelKind.Coarse ? 0 : 1,
            classNames ?? (labels == Cifar100LabelKind.Coarse ? Cifar100CoarseClassNames : Cifar100FineClassNames));

    /// <summary>
    /// Loads CIFAR-10 from <paramref name="directory"/> (or its <c>cifar-10-batches-bin</c> sub-folder):
    /// the five training batches or the test batch. Class names come from <c>batches.meta.txt</c> when present.
    /// </summary>
    /// <exception cref="FileNotFoundException">A batch file is missing.</exception>
    public static ImageDataset LoadCifar10(string directory, bool train)
    {
        string root = Resolve(directory, "cifar-10-batches-bin", train ? "data_batch_1.bin" : "test_batch.bin");
        string[] files = train
            ? Enumerable.Range(1, 5).Select(i => Path.Combine(root, $"data_batch_{i}.bin")).ToArray()
            : [Path.Combine(root, "test_batch.bin")];
        foreach (string f in files)
        {
            if (!File.Exists(f))
            {
                throw new FileNotFoundException($"CIFAR-10 batch file {f} is missing.", f);
            }
        }

        return ReadCifar10(files, ReadNames(Path.Combine(root, "batches.meta.txt"), 10) ?? Cifar10ClassNames);
    }

    /// <summary>
    /// Loads CIFAR-100 (<c>train.bin</c> or <c>test.bin</c>) from <paramref name="directory"/> (or its
    /// <c>cifar-100-binary</c> sub-folder). Class names come from <c>fine_label_names.txt</c> /
    /// <c>coarse_label_names.txt</c> when present.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    public static ImageDataset LoadCifar100(string directory, bool train, Cifar100LabelKind labels = Cifar100LabelKind.Fine)
    {
        string name = train ? "train.bin" : "test.bin";
        string root = Resolve(directory, "cifar-100-binary", name);
        string file = Path.Combine(root, name);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"CIFAR-100 file {file} is missing.", file);
        }

        var names = labels == Cifar100LabelKind.Coarse
            ? ReadNames(Path.Combine(root, "coarse_label_names.txt"), 20) ?? Cifar100CoarseClassNames
            : ReadNames(Path.Combine(root, "fine_label_names.txt"), 100) ?? Cifar100FineClassNames;
        return ReadCifar100(file, labels, names);
    }

    private static string Resolve(string directory, string subFolder, string probe) =>
        !File.Exists(Path.Combine(directory, probe)) && File.Exists(Path.Combine(directory, subFolder, probe))
            ? Path.Combine(directory, subFolder)
            : directory;

    /// <summary>Class names, one per non-empty line, or null when the file is absent.</summary>
    private static string[]? ReadNames(string path, int expected)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string[] names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length == expected
            ? names
            : throw DataFormatException.InFile(path, $"holds {names.Length} class names; expected {expected}.");
    }

    private static ImageDataset ReadRecords(IReadOnlyList<string> files, int labelBytes, int labelIndex, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("At least one CIFAR file is needed.", nameof(files));
        }

        int recordBytes = labelBytes + ImageBytes;
        var counts = new long[files.Count];
        long total = 0;
        for (int f = 0; f < files.Count; f++)
        {
            long length = new FileInfo(files[f]).Length;
            if (length == 0 || length % recordBytes != 0)
            {
                throw DataFormatException.InFile(files[f],
                    $"is {length} bytes; expected a positive multiple of the {recordBytes}-byte record ({labelBytes} label byte(s) + {ImageBytes} pixel bytes).");
            }

            counts[f] = length / recordBytes;
            total += counts[f];
        }

        if (total * ImageBytes > Array.MaxLength)
        {
            throw new DataFormatException($"The CIFAR files hold {total} images; at most {Array.MaxLength / ImageBytes} fit in one data set.");
        }

        var pixels = new byte[total * ImageBytes];
        var labels = new long[total];
        Span<byte> label = stackalloc byte[labelBytes];
        long item = 0;
        for (int f = 0; f < files.Count; f++)
        {
            using var stream = new FileStream(files[f], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            for (long r = 0; r < counts[f]; r++, item++)
            {
                long offset = r * recordBytes;
                StreamReading.Fill(stream, label, files[f], offset, "the label");
                int value = label[labelIndex];
                if (value >= classNames.Count)
                {
                    throw DataFormatException.AtItem(files[f], r, $"label {value} (byte {offset + labelIndex}) is outside [0, {classNames.Count}).");
                }

                labels[item] = value;
                StreamReading.Fill(stream, pixels.AsSpan((int)(item * ImageBytes), ImageBytes), files[f], offset + labelBytes, "pixels");
            }
        }

        return new ImageDataset(
            torch.tensor(pixels, [total, 3, 32, 32], torch.ScalarType.Byte),
            torch.tensor(labels),
            classNames);
    }
}
