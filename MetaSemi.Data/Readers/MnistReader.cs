namespace MetaSemi.Data;

/// <summary>
/// Loads MNIST and Fashion-MNIST from a folder with the usual file names
/// (<c>train-images-idx3-ubyte[.gz]</c>, <c>t10k-labels-idx1-ubyte[.gz]</c>, …), such as
/// <c>/usr/share/datasets/fashion-mnist</c> from Debian's <c>dataset-fashion-mnist</c>.
/// </summary>
public static class MnistReader
{
    /// <summary>Fashion-MNIST class names, in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>MNIST class names (the digits), in label order.</summary>
    public static IReadOnlyList<string> MnistClassNames { get; } = ImageDataset.NumberedClassNames(10);

    /// <summary>Loads the MNIST training (60 000) or test (10 000) set from <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">The folder lacks the files.</exception>
    /// <exception cref="DataFormatException">A file is invalid.</exception>
    public static ImageDataset LoadMnist(string directory, bool train) => Load(directory, train, MnistClassNames);

    /// <summary>Loads the Fashion-MNIST training (60 000) or test (10 000) set from <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">The folder lacks the files.</exception>
    /// <exception cref="DataFormatException">A file is invalid.</exception>
    public static ImageDataset LoadFashionMnist(string directory, bool train) => Load(directory, train, FashionMnistClassNames);

    /// <summary>Loads an IDX pair with the MNIST naming from <paramref name="directory"/>.</summary>
    public static ImageDataset Load(string directory, bool train, IReadOnlyList<string> classNames)
    {
        string prefix = train ? "train" : "t10k";
        string images = Find(directory, prefix, "images", "idx3");
        string labels = Find(directory, prefix, "labels", "idx1");
        return IdxReader.Read(images, labels, classNames);
    }

    private static string Find(string directory, string prefix, string kind, string idx)
    {
        string[] candidates =
        [
            $"{prefix}-{kind}-{idx}-ubyte", $"{prefix}-{kind}-{idx}-ubyte.gz",
            $"{prefix}-{kind}.{idx}-ubyte", $"{prefix}-{kind}.{idx}-ubyte.gz",
        ];
        foreach (string name in candidates)
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(
            $"No {kind} file in {directory}; expected one of: {string.Join(", ", candidates)}.", Path.Combine(directory, candidates[0]));
    }
}
