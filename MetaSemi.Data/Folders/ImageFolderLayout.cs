namespace MetaSemi.Data;

/// <summary>
/// The files of a user's own image folders (docs/design.md §8), listed but not read: <c>labeled/&lt;class&gt;/…</c>
/// (any depth below the class folder), optionally <c>unlabeled/…</c> (no classes: flat or any tree) and
/// <c>test/&lt;class&gt;/…</c>. Classes are the sub-folders of <c>labeled/</c> in ordinal order; files are in
/// ordinal order of their paths; files whose extension is not an image type are listed in <see cref="Ignored"/>.
/// </summary>
public sealed class ImageFolderLayout
{
    /// <summary>The folder of labelled images, one sub-folder per class.</summary>
    public const string LabeledFolder = "labeled";

    /// <summary>The folder of unlabelled images.</summary>
    public const string UnlabeledFolder = "unlabeled";

    /// <summary>The optional folder of test images, one sub-folder per class.</summary>
    public const string TestFolder = "test";

    private ImageFolderLayout(string root, string[] classes, LabeledFile[] labeled, string[] unlabeled, LabeledFile[]? test, string[] ignored)
    {
        Root = root;
        ClassNames = classes;
        Labeled = labeled;
        Unlabeled = unlabeled;
        Test = test;
        Ignored = ignored;
    }

    /// <summary>The folder holding <c>labeled/</c>.</summary>
    public string Root { get; }

    /// <summary>Class names in label order (the sub-folders of <c>labeled/</c>, ordinal).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The labelled images.</summary>
    public IReadOnlyList<LabeledFile> Labeled { get; }

    /// <summary>The unlabelled images (empty without <c>unlabeled/</c>).</summary>
    public IReadOnlyList<string> Unlabeled { get; }

    /// <summary>The test images, or null without <c>test/</c>.</summary>
    public IReadOnlyList<LabeledFile>? Test { get; }

    /// <summary>Files that are not images by their extension (see <see cref="ImageFileTypes"/>); never read.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>Lists the layout under <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">No <c>labeled/</c> with class folders, an empty class, images outside a class folder, or a test class that is not a labelled class.</exception>
    public static ImageFolderLayout Scan(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Image folder '{root}' does not exist.");
        }

        var ignored = new List<string>();
        string labeledRoot = Path.Combine(root, LabeledFolder);
        if (!Directory.Exists(labeledRoot))
        {
            string hint = Directory.Exists(Path.Combine(root, "train"))
                ? " (it has train/: that is the ImageNet layout of --dataset folder)"
                : string.Empty;
            throw DataFormatException.InFile(root, $"has no {LabeledFolder}/ folder; expected {LabeledFolder}/<class>/… images, optionally {UnlabeledFolder}/… and {TestFolder}/<class>/…{hint}.");
        }

        if (Directory.Exists(Path.Combine(root, "unlabelled")) && !Directory.Exists(Path.Combine(root, UnlabeledFolder)))
        {
            throw DataFormatException.InFile(Path.Combine(root, "unlabelled"), $"is not read: the unlabelled images' folder is called {UnlabeledFolder}/.");
        }

        var classes = Directory.GetDirectories(labeledRoot).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
        {
            throw DataFormatException.InFile(labeledRoot, "has no class sub-folders; expected one folder of images per class.");
        }

        var stray = Directory.GetFiles(labeledRoot).Where(ImageFileTypes.IsImage).Order(StringComparer.Ordinal).ToArray();
        if (stray.Length > 0)
        {
            throw DataFormatException.InFile(stray[0], $"is not inside a class folder of {LabeledFolder}/ ({stray.Length} image(s) there); move it into {LabeledFolder}/<class>/.");
        }

        var labeled = ListClasses(labeledRoot, classes, classes, ignored, requireEveryClass: true);
        string unlabeledRoot = Path.Combine(root, UnlabeledFolder);
        var unlabeled = Directory.Exists(unlabeledRoot) ? ListImages(unlabeledRoot, ignored) : [];
        string testRoot = Path.Combine(root, TestFolder);
        LabeledFile[]? test = null;
        if (Directory.Exists(testRoot))
        {
            var testClasses = Directory.GetDirectories(testRoot).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
            test = ListClasses(testRoot, testClasses, classes, ignored, requireEveryClass: false);
            if (test.Length == 0)
            {
                throw DataFormatException.InFile(testRoot, "holds no images; expected test/<class>/… images (or remove test/ and hold out a validation split).");
            }
        }

        return new ImageFolderLayout(root, classes, labeled, unlabeled, test, ignored.ToArray());
    }

    private static LabeledFile[] ListClasses(string folder, string[] present, string[] classes, List<string> ignored, bool requireEveryClass)
    {
        var files = new List<LabeledFile>();
        foreach (string name in present)
        {
            int label = Array.IndexOf(classes, name);
            if (label < 0)
            {
                throw DataFormatException.InFile(Path.Combine(folder, name), $"is not one of the {classes.Length} classes of {LabeledFolder}/ ({string.Join(", ", classes)}).");
            }

            var images = ListImages(Path.Combine(folder, name), ignored);
            if (images.Length == 0 && requireEveryClass)
            {
                throw DataFormatException.InFile(Path.Combine(folder, name), $"class folder has no images ({string.Join(", ", ImageFileTypes.Extensions)}).");
            }

            files.AddRange(images.Select(path => new LabeledFile(path, label)));
        }

        return files.ToArray();
    }

    private static string[] ListImages(string folder, List<string> ignored)
    {
        var all = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        ignored.AddRange(all.Where(f => !ImageFileTypes.IsImage(f)));
        return all.Where(ImageFileTypes.IsImage).ToArray();
    }
}

/// <summary>An image file and its class label.</summary>
/// <param name="Path">The file.</param>
/// <param name="Label">Index into the class names.</param>
public readonly record struct LabeledFile(string Path, int Label);
