namespace MetaSemi.Data;

/// <summary>
/// The <c>im2rec</c> step: list an image folder (one sub-folder per class) into a <c>.lst</c>, and
/// pack a <c>.lst</c> into <c>.rec</c> + <c>.idx</c>, storing each image's file bytes (im2rec's
/// pass-through mode) or re-encoding it (<see cref="Im2RecEncoding"/>).
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

    /// <summary>
    /// Packs the entries of <paramref name="lstPath"/> (paths relative to <paramref name="imageRoot"/>) into
    /// <c>prefix.rec</c> and <c>prefix.idx</c>, in list order. Without <paramref name="encoding"/> each image's
    /// file bytes are stored as they are (im2rec.py's <c>--pass-through</c>); with it each image is decoded,
    /// resized and encoded again, on <paramref name="threads"/> threads. A list line with several labels
    /// makes a multi-label record when <paramref name="packAllLabels"/> is set (im2rec.py's <c>--pack-label</c>),
    /// else a record of its first label.
    /// </summary>
    /// <exception cref="FileNotFoundException">An image listed is missing.</exception>
    /// <exception cref="DataFormatException">An image cannot be decoded (only when re-encoding).</exception>
    public static void Pack(string lstPath, string imageRoot, string outputPrefix, Im2RecEncoding? encoding = null, int threads = 1, bool packAllLabels = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        encoding?.Validate();
        var entries = ImageListFile.Read(lstPath);
        using var writer = new RecordIOWriter(outputPrefix + ".rec", outputPrefix + ".idx");

        // Chunks bound the memory held while images are prepared in parallel; records are written in list order.
        int chunk = Math.Max(64, 16 * threads);
        for (int start = 0; start < entries.Count; start += chunk)
        {
            int count = Math.Min(chunk, entries.Count - start);
            var bytes = new byte[count][];
            int first = start;
            try
            {
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => bytes[i] = ImageBytes(lstPath, imageRoot, entries[first + i], encoding));
            }
            catch (AggregateException e)
            {
                // Surface the image's own error (file and reason) rather than the parallel loop's wrapper.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }

            for (int i = 0; i < count; i++)
            {
                var e = entries[start + i];
                writer.Write(e.Index, new ImageRecord(packAllLabels ? e.Labels : [e.Labels[0]], e.Index, 0, bytes[i]));
            }
        }
    }

    private static byte[] ImageBytes(string lstPath, string imageRoot, ImageListEntry entry, Im2RecEncoding? encoding)
    {
        string image = Path.Combine(imageRoot, entry.RelativePath);
        if (!File.Exists(image))
        {
            throw new FileNotFoundException($"{lstPath}: image {entry.RelativePath} (index {entry.Index}) is missing under {imageRoot}.", image);
        }

        var bytes = File.ReadAllBytes(image);
        return encoding is null ? bytes : ImageReencoder.Reencode(bytes, image, encoding);
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
