using System.Globalization;

namespace MetaSemi.Data;

/// <summary>One line of an MXNet <c>.lst</c> file: index, one or more labels, and the image path relative to the image root.</summary>
/// <param name="Index">The record id and index key.</param>
/// <param name="Labels">The labels (usually one: the class index).</param>
/// <param name="RelativePath">Path of the image under the root, with '/' separators.</param>
public sealed record ImageListEntry(ulong Index, IReadOnlyList<float> Labels, string RelativePath);

/// <summary>The <c>.lst</c> format of <c>im2rec</c>: "index\tlabel[\tlabel…]\tpath" per line, labels written like Python's "%f".</summary>
public static class ImageListFile
{
    /// <summary>Writes the entries.</summary>
    public static void Write(string path, IEnumerable<ImageListEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var writer = new StreamWriter(path, append: false) { NewLine = "\n" };
        foreach (var e in entries)
        {
            string labels = string.Join("\t", e.Labels.Select(l => l.ToString("F6", CultureInfo.InvariantCulture)));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Index}\t{labels}\t{e.RelativePath}"));
        }
    }

    /// <summary>Reads the entries (blank lines ignored).</summary>
    /// <exception cref="DataFormatException">A line does not have an integer index, numeric labels and a path.</exception>
    public static IReadOnlyList<ImageListEntry> Read(string path)
    {
        var entries = new List<ImageListEntry>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            string[] f = text.Split('\t');
            if (f.Length < 3 || !ulong.TryParse(f[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong index))
            {
                throw DataFormatException.AtItem(path, line, $"'{text}' is not 'index<TAB>label[<TAB>label…]<TAB>path'.");
            }

            var labels = new float[f.Length - 2];
            for (int i = 0; i < labels.Length; i++)
            {
                if (!float.TryParse(f[i + 1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out labels[i]))
                {
                    throw DataFormatException.AtItem(path, line, $"label '{f[i + 1]}' is not a number.");
                }
            }

            entries.Add(new ImageListEntry(index, labels, f[^1]));
        }

        return entries;
    }
}
