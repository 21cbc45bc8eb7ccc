using System.Globalization;
using System.Text;

namespace MetaSemi.Cli.Comparison;

/// <summary>The comparison as a Markdown table, one row per method.</summary>
internal static class ComparisonTable
{
    public static readonly string[] Header =
        ["method", "runs", "final test error (mean ± sd)", "range", "best accuracy", "steps", "time per run"];

    /// <summary>The cells of each method's row, formatted for people (percent with two decimals).</summary>
    public static IReadOnlyList<string[]> Rows(IReadOnlyList<MethodSummary> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        return [.. methods.Select(m =>
        {
            var errors = m.FinalErrors;
            var steps = m.Runs.Select(r => r.Steps).Distinct().Order().ToArray();
            string sd = double.IsNaN(m.ErrorStandardDeviation) ? string.Empty : $" ± {Percent(m.ErrorStandardDeviation)}";
            return new[]
            {
                m.Method,
                m.Runs.Count.ToString(CultureInfo.InvariantCulture),
                $"{Percent(m.MeanError)}{sd} %",
                errors.Length < 2 ? "–" : $"{Percent(errors.Min())} – {Percent(errors.Max())} %",
                $"{Percent(m.MeanBestAccuracy)} %",
                string.Join(", ", steps.Select(s => s.ToString(CultureInfo.InvariantCulture))),
                Duration(m.MeanTrainingSeconds),
            };
        })];
    }

    /// <summary>The whole table, header and separator first.</summary>
    public static string ToMarkdown(IReadOnlyList<MethodSummary> methods)
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", Header).AppendLine(" |");
        text.Append('|').AppendJoin('|', Header.Select(_ => "---")).AppendLine("|");
        foreach (var row in Rows(methods))
        {
            text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        return text.ToString();
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);

    private static string Duration(double seconds) => double.IsNaN(seconds)
        ? "n/a (no log.txt)"
        : seconds < 120 ? $"{seconds.ToString("F0", CultureInfo.InvariantCulture)} s" : $"{(seconds / 60).ToString("F1", CultureInfo.InvariantCulture)} min";
}
