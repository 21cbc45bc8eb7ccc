namespace MetaSemi.Data;

/// <summary>The data sets the product knows by name (docs/design.md §3), with their constants.</summary>
public static class KnownDatasets
{
    private static readonly Normalization ImageNetNormalization = new([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);

    /// <summary>CIFAR-10: 10 classes, 32×32 RGB, crop + flip.</summary>
    public static DatasetInfo Cifar10 { get; } = new("cifar10", 10, 3, 32,
        new Normalization([0.49139968, 0.48215841, 0.44653091], [0.24703223, 0.24348513, 0.26158784]), 4, true, "docs/design.md §3 (reference)");

    /// <summary>CIFAR-100: 100 fine classes, 32×32 RGB, crop + flip.</summary>
    public static DatasetInfo Cifar100 { get; } = new("cifar100", 100, 3, 32,
        new Normalization([0.50707516, 0.48654887, 0.44091784], [0.26733429, 0.25643846, 0.27615047]), 4, true, "docs/design.md §3 (reference)");

    /// <summary>SVHN: 10 digits, 32×32 RGB, crop only (digits must not be mirrored).</summary>
    public static DatasetInfo Svhn { get; } = new("svhn", 10, 3, 32,
        new Normalization([0.4376821, 0.4437697, 0.47280442], [0.19803012, 0.20101562, 0.19703614]), 4, false, "docs/design.md §3 (reference)");

    /// <summary>
    /// Fashion-MNIST: 10 classes, 28×28 grey, crop with 2-pixel padding + flip (clothes may be
    /// mirrored). Mean/std are the usual published statistics of the 60 000 training images; a test
    /// re-measures them on the real files with <see cref="Normalization.FromImages"/>.
    /// </summary>
    public static DatasetInfo FashionMnist { get; } = new("fashion-mnist", 10, 1, 28,
        new Normalization([0.2860], [0.3530]), 2, true, "training-set statistics, checked against the real files by a test");

    /// <summary>
    /// MNIST: 10 digits, 28×28 grey, crop with 2-pixel padding, no flip. Mean/std 0.1307/0.3081 are
    /// the training-set statistics used by PyTorch's MNIST example.
    /// </summary>
    public static DatasetInfo Mnist { get; } = new("mnist", 10, 1, 28,
        new Normalization([0.1307], [0.3081]), 2, false, "training-set statistics (PyTorch MNIST example)");

    /// <summary>ImageNet: 1000 classes, 224×224 RGB, random-resized crop + mirror.</summary>
    public static DatasetInfo ImageNet { get; } = new("imagenet", 1000, 3, 224, ImageNetNormalization, 0, true, "docs/design.md §3 (reference)");

    /// <summary>An image folder, one sub-folder per class: classes from the folder, ImageNet-style input.</summary>
    public static DatasetInfo Folder { get; } = new("folder", 0, 3, 224, ImageNetNormalization, 0, true, "ImageNet constants (docs/design.md §3)");

    /// <summary>All registered data sets.</summary>
    public static IReadOnlyList<DatasetInfo> All { get; } = [Cifar10, Cifar100, Svhn, FashionMnist, Mnist, ImageNet, Folder];

    /// <summary>The data set registered as <paramref name="name"/> (case-insensitive; <c>cifar-10</c>, <c>fashion_mnist</c> also match).</summary>
    /// <exception cref="ArgumentException">The name is not registered; the message lists the names that are.</exception>
    public static DatasetInfo Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = Canonical(name);
        return All.FirstOrDefault(d => Canonical(d.Name) == key)
            ?? throw new ArgumentException($"Unknown data set '{name}'; expected one of: {string.Join(", ", All.Select(d => d.Name))}.", nameof(name));
    }

    private static string Canonical(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
