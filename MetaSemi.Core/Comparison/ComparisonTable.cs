using System.Globalization;
using System.Text;

namespace MetaSemi.Comparison;

/// <summary>The comparison as a table, one row per (label count, method), and the notes that say where each number comes from.</summary>
public static class ComparisonTable
{
    /// <summary>The column headings, in the order of <see cref="Rows"/>'s cells.</summary>
    public static readonly string[] Header =
    [
        "labels", "method", "runs", "final test error (mean ± sd)", "range", "best test error (mean ± sd)", "steps",
        "wall time per run", "training time per run", "load average",
    ];

    /// <summary>The cells of each method's row, formatted for people (percent with two decimals).</summary>
    public static IReadOnlyList<string[]> Rows(IReadOnlyList<MethodSummary> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        return [.. methods.Select(m =>
        {
            var errors = m.FinalErrors;
            var steps = m.Runs.Select(r => r.Steps).Distinct().Order().ToArray();
            return new[]
            {
                Labels(m),
                m.Method,
                m.Runs.Count.ToString(CultureInfo.InvariantCulture),
                MeanAndSpread(m.MeanError, m.ErrorStandardDeviation),
                errors.Length < 2 ? "–" : $"{Percent(errors.Min())} – {Percent(errors.Max())} %",
                MeanAndSpread(m.MeanBestError, m.BestErrorStandardDeviation),
                string.Join(", ", steps.Select(s => s.ToString(CultureInfo.InvariantCulture))),
                double.IsNaN(m.MeanWallSeconds) ? "n/a (no done)" : Duration(m.MeanWallSeconds),
                double.IsNaN(m.MeanTrainingSeconds) ? "n/a (no log.txt)" : Duration(m.MeanTrainingSeconds),
                double.IsNaN(m.MeanLoadAverage) ? "n/a (no load.txt)" : m.MeanLoadAverage.ToString("F2", CultureInfo.InvariantCulture),
            };
        })];
    }

    /// <summary>What the columns mean and where their numbers come from, for the runs at hand.</summary>
    public static IReadOnlyList<string> Notes(IReadOnlyList<MethodSummary> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        var runs = methods.SelectMany(m => m.Runs).ToArray();
        var notes = new List<string>
        {
            "final: the test error at the last evaluation; best: the lowest test error over the evaluations; "
                + "± the sample standard deviation over the runs (seeds), shown from two runs on; range: the lowest and highest final error.",
        };
        if (methods.Any(m => m.IsCeiling))
        {
            notes.Add("labels 'N (all)': every training label, the fully supervised ceiling.");
        }

        if (runs.Any(r => !double.IsNaN(r.WallSeconds)))
        {
            notes.Add("wall time: the seconds in each run's done file (every session from start to exit: start-up, evaluations, checkpoints and redone steps included).");
        }

        var byLog = runs.Where(r => !r.TimedBySteps).Select(r => r.Name).ToArray();
        var training = "training time: the sum of every step's time/data and time/compute in metrics.csv (no start-up, evaluation or checkpoint)";
        notes.Add(byLog.Length == 0 ? training + "."
            : byLog.Length == runs.Length ? "training time: between the trainer's first and last log line of each session in log.txt."
            : $"{training}; for runs without those columns ({string.Join(", ", byLog)}) between the trainer's first and last log line of each session in log.txt.");
        if (runs.Any(r => !double.IsNaN(r.LoadAverage)))
        {
            notes.Add("load average: the mean of the 1-minute load averages that load.txt samples once a minute during a run (its start and end values for a run shorter than a minute), averaged over the runs.");
        }

        return notes;
    }

    /// <summary>The whole table, header and separator first, then the notes as a list.</summary>
    public static string ToMarkdown(IReadOnlyList<MethodSummary> methods)
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", Header).AppendLine(" |");
        text.Append('|').AppendJoin('|', Header.Select(_ => "---")).AppendLine("|");
        foreach (var row in Rows(methods))
        {
            text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        text.AppendLine();
        foreach (var note in Notes(methods))
        {
            text.Append("- ").AppendLine(note);
        }

        return text.ToString();
    }

    private static string Labels(MethodSummary method) => method.LabelCount switch
    {
        null => "–",
        var n when method.IsCeiling => FormattableString.Invariant($"{n} (all)"),
        var n => n.Value.ToString(CultureInfo.InvariantCulture),
    };

    private static string MeanAndSpread(double mean, double sd) =>
        double.IsNaN(sd) ? $"{Percent(mean)} %" : $"{Percent(mean)} ± {Percent(sd)} %";

    private static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);

    private static string Duration(double seconds) =>
        seconds < 120 ? $"{seconds.ToString("F0", CultureInfo.InvariantCulture)} s" : $"{(seconds / 60).ToString("F1", CultureInfo.InvariantCulture)} min";
}
