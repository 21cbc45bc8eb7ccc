using MetaSemi.Algorithms;
using System.Globalization;
using System.Text.RegularExpressions;
using MetaSemi.Cli.Plotting;

namespace MetaSemi.Cli.Comparison;

/// <summary>
/// What one finished run folder says: its method (the algorithm recorded in <c>options.json</c>), its
/// test-accuracy curve (from <c>metrics.csv</c>), final and best accuracy, steps, and the training time — the
/// sum of the steps' <c>time/data</c> and <c>time/compute</c> in <c>metrics.csv</c> (so a resumed run adds its
/// sessions, and data loading before the first step is not counted). Folders written by other tools, without
/// those, fall back to the folder name without <c>-seedN</c> and to the time between the trainer's first and
/// last log lines of each session in <c>log.txt</c>.
/// </summary>
internal sealed partial record RunSummary(
    string Folder, string Method, double[] EvaluationSteps, double[] TestAccuracy, long Steps, double TrainingSeconds)
{
    private const string LogFileName = "log.txt";

    /// <summary>The run's name: its folder's name.</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Folder));

    /// <summary>Top-1 test accuracy (a fraction) at the last evaluation.</summary>
    public double FinalAccuracy => TestAccuracy[^1];

    /// <summary>The best top-1 test accuracy (a fraction) over the run's evaluations.</summary>
    public double BestAccuracy => TestAccuracy.Max();

    /// <summary>Reads a run folder; throws <see cref="InvalidDataException"/> naming the folder when it has no evaluation.</summary>
    public static RunSummary Read(string folder)
    {
        var metricsPath = Path.Combine(folder, MetricsCsv.FileName);
        if (!File.Exists(metricsPath))
        {
            throw new InvalidDataException($"{folder}: no {MetricsCsv.FileName}; not a run folder.");
        }

        var metrics = MetricsCsv.Read(metricsPath);
        var (steps, accuracy) = metrics.Series(MetricNames.TestAccuracy);
        if (steps.Length == 0)
        {
            throw new InvalidDataException($"{metricsPath}: no '{MetricNames.TestAccuracy}' value; the run never evaluated on the test set.");
        }

        // Accuracy is a fraction in our files; accept percentages from other writers.
        if (accuracy.Any(a => a > 1.0))
        {
            accuracy = [.. accuracy.Select(a => a / 100.0)];
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        double seconds = metrics.HasValues(MetaSemi.Algorithms.MetricNames.ComputeSeconds)
            ? SumOf(metrics, MetaSemi.Algorithms.MetricNames.DataSeconds) + SumOf(metrics, MetaSemi.Algorithms.MetricNames.ComputeSeconds)
            : TrainingTime(Path.Combine(folder, LogFileName));
        return new RunSummary(folder, RecordedMethod(folder) ?? MethodOf(name), steps, accuracy, metrics.Steps.Max(), seconds);
    }

    /// <summary>
    /// The method a run folder's <c>options.json</c> records: the algorithm's name, with MetaSemi's meta-gradient
    /// when it is not the paper's finite difference (<c>metasemi-exact</c>); null without the file or the name.
    /// </summary>
    public static string? RecordedMethod(string folder)
    {
        var algorithm = MetaSemi.RunOptionsFile.ReadAlgorithm(folder);
        if (algorithm is null)
        {
            return null;
        }

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, MetaSemi.RunOptionsFile.FileName)));
        return json.RootElement.TryGetProperty("AlgorithmOptions", out var options) && options.ValueKind == System.Text.Json.JsonValueKind.Object
            && options.TryGetProperty("MetaGradient", out var meta) && meta.TryGetProperty("Method", out var method)
            && method.GetString() is { } text && text != nameof(MetaSemi.Algorithms.MetaGradientMethod.FiniteDifference)
            ? $"{algorithm}-{MetaSemi.Algorithms.AlgorithmOptionField.KebabCase(text)}"
            : algorithm;
    }

    private static double SumOf(MetricsTable metrics, string name) => metrics.Series(name).Values.Where(v => !double.IsNaN(v)).Sum();

    /// <summary>The method a run belongs to: its folder name without a trailing <c>-seedN</c>.</summary>
    public static string MethodOf(string runName) => SeedSuffix().Replace(runName, string.Empty);

    /// <summary>
    /// Seconds between the first and last time-stamped line of every training session in a log
    /// (a session starts at the trainer's "Training … from step" line); NaN without a log.
    /// </summary>
    public static double TrainingTime(string logPath)
    {
        if (!File.Exists(logPath))
        {
            return double.NaN;
        }

        double total = 0;
        DateTime? first = null, last = null;
        foreach (var line in File.ReadLines(logPath))
        {
            if (line.Length < 23 || !DateTime.TryParseExact(line[..23], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                continue;
            }

            if (SessionStart().IsMatch(line) && first is not null)
            {
                total += (last!.Value - first.Value).TotalSeconds;
                first = null;
            }

            first ??= time;
            last = time;
        }

        return first is null ? double.NaN : total + (last!.Value - first.Value).TotalSeconds;
    }

    [GeneratedRegex(@"-seed\d+$")]
    private static partial Regex SeedSuffix();

    [GeneratedRegex(@": Training \S+ from step \d+")]
    private static partial Regex SessionStart();
}
