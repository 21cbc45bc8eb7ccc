using System.Globalization;

namespace MetaSemi.Data;

/// <summary>The <c>label_indices.txt</c> format: one labelled training index per line, decimal.</summary>
public static class LabelIndicesFile
{
    /// <summary>The file name a run folder uses.</summary>
    public const string FileName = "label_indices.txt";

    /// <summary>Writes the indices, one per line.</summary>
    public static void Write(string path, IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        File.WriteAllLines(path, indices.Select(i => i.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Reads the indices (blank lines ignored, surrounding spaces allowed).</summary>
    /// <exception cref="DataFormatException">A line is not a non-negative integer.</exception>
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

        return result.ToArray();
    }
}
