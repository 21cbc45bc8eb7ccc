using System.Globalization;
using MetaSemi.Algorithms;
using System.Text.RegularExpressions;

namespace MetaSemi.Comparison;

/// <summary>
/// What one finished run folder says: its method (<see cref="MethodIdentity"/>, from <c>options.json</c> and
/// <c>args.json</c>), its label count (<c>args.json</c>'s <c>num-label</c>), its test-accuracy curve (from
/// <c>metrics.csv</c>), final and best accuracy, steps, the training time — the sum of the steps'
/// <c>time/data</c> and <c>time/compute</c> in <c>metrics.csv</c> (a resumed run adds its sessions; data loading
/// before the first step, evaluations and checkpoints are not counted) — the wall time (the seconds in <c>done</c>,
/// which the study scripts write: every session, start-up and redone steps included) and the load average during
/// the run (<see cref="LoadLog"/>). Folders written by other tools, without those, fall back to the folder name
/// without <c>-seedN</c> and to the time between the trainer's first and last log lines of each session in
/// <c>log.txt</c>.
/// </summary>
public sealed partial record RunSummary(
    string Folder, MethodIdentity Identity, double[] EvaluationSteps, double[] TestAccuracy, long Steps, double TrainingSeconds)
{
    /// <summary>The file holding a finished run's wall seconds (over all its sessions).</summary>
    public const string DoneFileName = "done";

    /// <summary>The number of labelled training images; null when the run does not record it.</summary>
    public int? LabelCount { get; init; }

    /// <summary>Whether the run used every training label (the fully supervised ceiling).</summary>
    public bool IsCeiling { get; init; }

    /// <summary>Wall seconds from <c>done</c>; NaN without the file.</summary>
    public double WallSeconds { get; init; } = double.NaN;

    /// <summary>The mean 1-minute load average during the run (<see cref="LoadLog"/>); NaN without <c>load.txt</c>.</summary>
    public double LoadAverage { get; init; } = double.NaN;

    /// <summary>
    /// Training seconds (<c>time/data</c> + <c>time/compute</c> of every step up to and including it) at each of
    /// <see cref="EvaluationSteps"/>; empty when <c>metrics.csv</c> has no time columns.
    /// </summary>
    public double[] EvaluationSeconds { get; init; } = [];

    /// <summary>Whether <see cref="TrainingSeconds"/> comes from <c>metrics.csv</c>'s step times (else from <c>log.txt</c>).</summary>
    public bool TimedBySteps => EvaluationSeconds.Length > 0;

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
        var metricsPath = Path.Combine(folder, MetricsCsvWriter.FileName);
        if (!File.Exists(metricsPath))
        {
            throw new InvalidDataException($"{folder}: no {MetricsCsvWriter.FileName}; not a run folder.");
        }

        var metrics = MetricsCsvReader.Read(metricsPath);
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
        var records = RunRecords.Read(folder);
        var cumulative = CumulativeSeconds(metrics);
        double[] evaluationSeconds = cumulative is null ? [] : [.. steps.Select(s => cumulative[(long)s])];
        double seconds = cumulative is null ? TrainingTime(Path.Combine(folder, LogFileName)) : cumulative[metrics.Steps.Max()];
        int? labels = records.LabelCount is > 0 ? records.LabelCount : null;
        return new RunSummary(folder, MethodIdentity.From(records, name), steps, accuracy, metrics.Steps.Max(), seconds)
        {
            LabelCount = labels,
            IsCeiling = TrainingSetSizes.IsEveryLabel(records.Dataset, labels),
            WallSeconds = ReadDone(Path.Combine(folder, DoneFileName)),
            LoadAverage = LoadLog.MeanLoad(Path.Combine(folder, LoadLog.FileName)),
            EvaluationSeconds = evaluationSeconds,
        };
    }

    /// <summary>
    /// The training seconds up to and including each logged step (steps in ascending order; an empty time cell
    /// counts 0); null when the table has no <c>time/compute</c> value.
    /// </summary>
    private static Dictionary<long, double>? CumulativeSeconds(MetricsTable metrics)
    {
        if (!metrics.HasValues(MetricNames.ComputeSeconds))
        {
            return null;
        }

        var perStep = new Dictionary<long, double>();
        foreach (var column in new[] { MetricNames.DataSeconds, MetricNames.ComputeSeconds })
        {
            var (xs, ys) = metrics.Series(column);
            for (int i = 0; i < xs.Length; i++)
            {
                perStep[(long)xs[i]] = perStep.GetValueOrDefault((long)xs[i]) + ys[i];
            }
        }

        var cumulative = new Dictionary<long, double>();
        double total = 0;
        foreach (var step in metrics.Steps.Distinct().Order())
        {
            total += perStep.GetValueOrDefault(step);
            cumulative[step] = total;
        }

        return cumulative;
    }

    /// <summary>The seconds a <c>done</c> file holds (its last non-empty line); NaN without the file.</summary>
    /// <exception cref="InvalidDataException">The file does not hold a number; the message names it.</exception>
    public static double ReadDone(string path)
    {
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        var text = File.ReadLines(path).LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim();
        return text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? seconds
            : throw new InvalidDataException($"{path}: expected the run's wall seconds (a non-negative number), found '{text}'.");
    }

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
