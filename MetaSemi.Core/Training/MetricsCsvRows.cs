using System.Globalization;

namespace MetaSemi;

/// <summary>Repairs an existing metrics.csv before a resumed run appends to it.</summary>
internal static class MetricsCsvRows
{
    /// <summary>
    /// Rewrites <paramref name="csvPath"/> without the rows whose step is past <paramref name="completedSteps"/>
    /// and without a last row cut short by a crash (no line end), through a temporary file and a rename
    /// so that a crash here leaves the old file whole. Leaves the file alone when every row stays.
    /// </summary>
    internal static void DropRowsAfter(string csvPath, long completedSteps)
    {
        bool lastLineEnded;
        using (var probe = File.OpenRead(csvPath))
        {
            lastLineEnded = probe.Length == 0 || (probe.Seek(-1, SeekOrigin.End) >= 0 && probe.ReadByte() == '\n');
        }

        // Streamed line by line: a long run's file has hundreds of thousands of rows.
        string temporary = csvPath + ".tmp";
        bool dropped = !lastLineEnded;
        int kept = 0;
        using (var reader = new StreamReader(csvPath))
        using (var writer = new StreamWriter(temporary))
        {
            bool isHeader = true;
            for (string? line = reader.ReadLine(), next = reader.ReadLine(); line is not null; line = next, next = reader.ReadLine())
            {
                if (next is null && !lastLineEnded)
                {
                    break;
                }

                if (!isHeader && !(long.TryParse(line.AsSpan(0, Math.Max(0, line.IndexOf(','))), NumberStyles.None, CultureInfo.InvariantCulture, out long step)
                    && step <= completedSteps))
                {
                    dropped = true;
                    continue;
                }

                isHeader = false;
                writer.WriteLine(line);
                kept++;
            }
        }

        if (kept == 0)
        {
            // Not even a whole header: start the file afresh.
            File.Delete(temporary);
            File.Delete(csvPath);
        }
        else if (!dropped)
        {
            File.Delete(temporary);
        }
        else
        {
            File.Move(temporary, csvPath, overwrite: true);
        }
    }
}
