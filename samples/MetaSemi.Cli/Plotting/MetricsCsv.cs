using System.Globalization;
using System.Text;

namespace MetaSemi.Cli.Plotting;

/// <summary>
/// The run folder's <c>metrics.csv</c>: a header <c>step,&lt;scalar&gt;,…</c> with the SPEC §6 scalar
/// names (any subset, any order, other names kept too), then one row per logged step; numbers in
/// invariant culture, an empty cell for a scalar not logged at that step.
/// </summary>
internal static class MetricsCsv
{
    /// <summary>The file name a run folder uses.</summary>
    public const string FileName = "metrics.csv";

    /// <summary>Reads a metrics CSV; throws <see cref="InvalidDataException"/> naming the file and line on bad content.</summary>
    public static MetricsTable Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
        {
            throw new InvalidDataException($"{path}: empty metrics file; expected a header line starting with '{MetricNames.Step}'.");
        }

        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        if (header[0] != MetricNames.Step)
        {
            throw new InvalidDataException($"{path}: the first column is '{header[0]}', expected '{MetricNames.Step}'.");
        }

        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{path}: column '{duplicate.Key}' appears twice in the header.");
        }

        var steps = new List<long>();
        var columns = header.Skip(1).Select(_ => new List<double>()).ToArray();
        for (int lineIndex = 1; lineIndex < lines.Length; lineIndex++)
        {
            var line = lines[lineIndex];
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"{path} line {lineIndex + 1}: {cells.Length} cells, expected {header.Length} as in the header.");
            }

            if (!long.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
            {
                throw new InvalidDataException($"{path} line {lineIndex + 1}: step '{cells[0]}' is not an integer.");
            }

            steps.Add(step);
            for (int c = 1; c < cells.Length; c++)
            {
                var cell = cells[c].Trim();
                double value = double.NaN;
                if (cell.Length > 0 && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    throw new InvalidDataException($"{path} line {lineIndex + 1}: '{header[c]}' value '{cell}' is not a number.");
                }

                columns[c - 1].Add(value);
            }
        }

        var byName = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int c = 1; c < header.Length; c++)
        {
            byName[header[c]] = [.. columns[c - 1]];
        }

        return new MetricsTable(steps, byName);
    }

    /// <summary>
    /// Appends one row for <paramref name="step"/>, writing the header first when the file is new;
    /// scalars missing from <paramref name="values"/> are written empty. Names outside the header
    /// of an existing file are an error rather than being dropped.
    /// </summary>
    public static void AppendRow(string path, long step, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] header;
        if (File.Exists(path) && new FileInfo(path).Length > 0)
        {
            using var reader = new StreamReader(path);
            header = (reader.ReadLine() ?? string.Empty).Split(',').Select(h => h.Trim()).ToArray();
        }
        else
        {
            header = [MetricNames.Step, .. MetricNames.All, .. values.Keys.Where(k => !MetricNames.All.Contains(k)).Order(StringComparer.Ordinal)];
            File.WriteAllText(path, string.Join(',', header) + "\n");
        }

        var unknown = values.Keys.FirstOrDefault(k => Array.IndexOf(header, k) < 1);
        if (unknown is not null)
        {
            throw new ArgumentException($"{path}: scalar '{unknown}' is not a column of this metrics file ({string.Join(", ", header.Skip(1))}).", nameof(values));
        }

        var row = new StringBuilder(step.ToString(CultureInfo.InvariantCulture));
        foreach (var name in header.Skip(1))
        {
            row.Append(',');
            if (values.TryGetValue(name, out var v))
            {
                row.Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        File.AppendAllText(path, row.Append('\n').ToString());
    }
}
