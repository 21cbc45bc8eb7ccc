namespace MetaSemi.Data;

/// <summary>
/// A folder of images, one sub-folder per class (ImageNet's <c>train/</c> and <c>val/</c> layout):
/// classes are the sub-folders in ordinal order, images the JPEG/PNG files in each, in ordinal order.
/// Only paths are listed on opening; images are read when asked for.
/// </summary>
public sealed class ImageFolder : EncodedImageSet
{
    private readonly string[] _paths;
    private readonly long[] _labels;
    private readonly string[] _classes;

    private ImageFolder(string root, string[] classes, string[] paths, long[] labels)
    {
        Root = root;
        _classes = classes;
        _paths = paths;
        _labels = labels;
    }

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public override int Count => _paths.Length;

    /// <inheritdoc />
    public override IReadOnlyList<string> ClassNames => _classes;

    /// <inheritdoc />
    public override IReadOnlyList<long> Labels => _labels;

    /// <summary>Full path of image <paramref name="index"/>.</summary>
    public string GetPath(int index) => _paths[index];

    /// <summary>
    /// Lists <paramref name="root"/>. With <paramref name="classNames"/> given (e.g. the training
    /// folder's, when opening <c>val/</c>), labels follow that order and every sub-folder must be one of them.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">No class folders, an empty class folder, or a folder not among <paramref name="classNames"/>.</exception>
    public static ImageFolder Open(string root, IReadOnlyList<string>? classNames = null, IReadOnlyList<string>? extensions = null)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Image folder {root} does not exist.");
        }

        var exts = (extensions ?? Im2Rec.DefaultExtensions).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (folders.Length == 0)
        {
            throw DataFormatException.InFile(root, "has no class sub-folders; expected one folder of images per class.");
        }

        var classes = classNames?.ToArray() ?? folders;
        var labelOf = classes.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => (long)p.i, StringComparer.Ordinal);
        var paths = new List<string>();
        var labels = new List<long>();
        foreach (string folder in folders)
        {
            if (!labelOf.TryGetValue(folder, out long label))
            {
                throw DataFormatException.InFile(Path.Combine(root, folder), $"is not one of the {classes.Length} given classes.");
            }

            var files = Directory.GetFiles(Path.Combine(root, folder))
                .Where(f => exts.Contains(Path.GetExtension(f)))
                .Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
            {
                throw DataFormatException.InFile(Path.Combine(root, folder), $"class folder has no images with extensions {string.Join(", ", exts)}.");
            }

            paths.AddRange(files);
            labels.AddRange(Enumerable.Repeat(label, files.Length));
        }

        return new ImageFolder(root, classes, paths.ToArray(), labels.ToArray());
    }

    /// <inheritdoc />
    public override byte[] ReadEncoded(int index) => File.ReadAllBytes(_paths[index]);

    /// <inheritdoc />
    public override string Describe(int index) => _paths[index];
}
