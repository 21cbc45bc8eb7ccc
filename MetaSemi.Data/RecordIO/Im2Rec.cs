namespace MetaSemi.Data;

/// <summary>
/// The <c>im2rec</c> step: list an image folder (one sub-folder per class) into a <c>.lst</c>, and
/// pack a <c>.lst</c> into <c>.rec</c> + <c>.idx</c>. Images are stored as their file bytes
/// (im2rec's pass-through mode), so nothing is re-encoded.
/// </summary>
public static class Im2Rec
{
    /// <summary>File extensions listed by default (case-insensitive).</summary>
    public static IReadOnlyList<string> DefaultExtensions { get; } = [".jpg", ".jpeg", ".png"];

    /// <summary>
    /// Lists <paramref name="imageRoot"/>: classes are the sub-folders in ordinal order (label = position),
    /// images the files with a listed extension in each, in ordinal order; indices run from 0.
    /// </summary>
    /// <exception cref="DataFormatException">The root has no class folders, or a class folder has no images.</exception>
    public static IReadOnlyList<ImageListEntry> ListFolder(string imageRoot, IReadOnlyList<string>? extensions = null)
    {
        var exts = (extensions ?? DefaultExtensions).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var classes = Directory.GetDirectories(imageRoot).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
        {
            throw DataFormatException.InFile(imageRoot, "has no class sub-folders; expected one folder of images per class.");
        }

        var entries = new List<ImageListEntry>();
        for (int label = 0; label < classes.Length; label++)
        {
            var files = Directory.GetFiles(Path.Combine(imageRoot, classes[label]))
                .Where(f => exts.Contains(Path.GetExtension(f)))
                .Select(Path.GetFileName).OfType<string>()
                .Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
            {
                throw DataFormatException.InFile(Path.Combine(imageRoot, classes[label]),
                    $"class folder has no images with extensions {string.Join(", ", exts)}.");
            }

            foreach (string f in files)
            {
                entries.Add(new ImageListEntry((ulong)entries.Count, [label], $"{classes[label]}/{f}"));
            }
        }

        return entries;
    }

    /// <summary>Packs the entries of <paramref name="lstPath"/> (paths relative to <paramref name="imageRoot"/>) into <c>prefix.rec</c> and <c>prefix.idx</c>.</summary>
    /// <exception cref="FileNotFoundException">An image listed is missing.</exception>
    public static void Pack(string lstPath, string imageRoot, string outputPrefix)
    {
        var entries = ImageListFile.Read(lstPath);
        using var writer = new RecordIOWriter(outputPrefix + ".rec", outputPrefix + ".idx");
        foreach (var e in entries)
        {
            string image = Path.Combine(imageRoot, e.RelativePath);
            if (!File.Exists(image))
            {
                throw new FileNotFoundException($"{lstPath}: image {e.RelativePath} (index {e.Index}) is missing under {imageRoot}.", image);
            }

            writer.Write(e.Index, new ImageRecord(e.Labels, e.Index, 0, File.ReadAllBytes(image)));
        }
    }

    /// <summary>Lists <paramref name="imageRoot"/> into <c>prefix.lst</c> (creating the output folder) and packs it into <c>prefix.rec</c> + <c>prefix.idx</c>.</summary>
    public static void PackFolder(string imageRoot, string outputPrefix)
    {
        string lst = outputPrefix + ".lst";
        string? folder = Path.GetDirectoryName(Path.GetFullPath(lst));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        ImageListFile.Write(lst, ListFolder(imageRoot));
        Pack(lst, imageRoot, outputPrefix);
    }
}
