using System.Globalization;
using System.Text;
using MetaSemi.Files;

namespace MetaSemi.Data;

/// <summary>The <c>label_indices.txt</c> format: one labelled training index per line, decimal.</summary>
public static class LabelIndicesFile
{
    /// <summary>The file name a run folder uses.</summary>
    public const string FileName = "label_indices.txt";

    /// <summary>Writes the indices, one per line, atomically (a temporary file flushed to disk, then renamed).</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void Write(string path, IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        AtomicFile.WriteAllText(path, Format(indices));
    }

    /// <summary>The file's content for <paramref name="indices"/>: one decimal index per line, each line ended by a newline.</summary>
    public static string Format(IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var text = new StringBuilder();
        foreach (int index in indices)
        {
            text.Append(index.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads the indices (blank lines ignored, surrounding spaces allowed).</summary>
    /// <exception cref="DataFormatException">A line is not a non-negative integer, or the file holds no index.</exception>
    public static int[] Read(string path)
    {
        var result = new List<int>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            string t = text.Trim();
            if (t.Length == 0)
            {
                continue;
            }

            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                throw DataFormatException.AtItem(path, line, $"'{t}' is not a non-negative integer index (line {line}).");
            }

            result.Add(index);
        }

        if (result.Count == 0)
        {
            throw DataFormatException.InFile(path, "holds no index; expected one labelled training index per line.");
        }

        return result.ToArray();
    }

    /// <summary>Checks that the file holds <paramref name="expectedCount"/> indices (nothing to check without one).</summary>
    /// <exception cref="DataFormatException">It holds another number; the message names the file and <c>--num-label</c>.</exception>
    public static void CheckCount(string path, int count, int? expectedCount)
    {
        if (expectedCount is int expected && count != expected)
        {
            throw DataFormatException.InFile(path, $"holds {count} labelled indices, but the run asks for {expected} (--num-label {expected}).");
        }
    }

    /// <summary>
    /// Checks indices read from <paramref name="path"/> against the training set: each in
    /// <c>[0, <paramref name="trainingSetSize"/>)</c>, none twice and, when <paramref name="expectedCount"/>
    /// is given (<c>--num-label</c>), exactly that many. Line numbers count the non-blank lines.
    /// </summary>
    /// <exception cref="DataFormatException">The indices do not fit; the message names the file, the line and what was expected.</exception>
    public static void Check(string path, IReadOnlyList<int> indices, int trainingSetSize, int? expectedCount = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        CheckCount(path, indices.Count, expectedCount);

        var firstLine = new Dictionary<int, int>();
        for (int k = 0; k < indices.Count; k++)
        {
            int index = indices[k];
            if (index < 0 || index >= trainingSetSize)
            {
                throw DataFormatException.AtItem(path, k + 1, $"labelled index {index} is outside the training set of {trainingSetSize} images (expected 0 to {trainingSetSize - 1}).");
            }

            if (!firstLine.TryAdd(index, k + 1))
            {
                throw DataFormatException.AtItem(path, k + 1, $"labelled index {index} appears twice (first at item {firstLine[index]}).");
            }
        }
    }
}
