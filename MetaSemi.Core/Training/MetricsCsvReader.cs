using MetaSemi.Algorithms;
using System.Globalization;

namespace MetaSemi;

/// <summary>
/// The run folder's <c>metrics.csv</c>: a header <c>step,&lt;scalar&gt;,…</c> with the docs/design.md §6 scalar
/// names (any subset, any order, other names kept too), then one row per logged step; numbers in
/// invariant culture, an empty cell for a scalar not logged at that step. The trainer writes it
/// (<see cref="MetricsCsvWriter"/>, whose <see cref="MetricsCsvWriter.FileName"/> is the file's name); this reads it.
/// </summary>
public static class MetricsCsvReader
{
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
}
