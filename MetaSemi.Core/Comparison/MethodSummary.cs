namespace MetaSemi.Comparison;

/// <summary>
/// The runs of one method at one label count (its seeds) and their statistics; errors and accuracies are
/// fractions. <see cref="Method"/> is the method's readable name (<see cref="MethodNames"/>), the same at every
/// label count.
/// </summary>
public sealed record MethodSummary(string Method, IReadOnlyList<RunSummary> Runs)
{
    /// <summary>The runs' number of labelled images; null when they do not record it.</summary>
    public int? LabelCount { get; init; }

    /// <summary>Whether the runs used every training label (the fully supervised ceiling).</summary>
    public bool IsCeiling { get; init; }

    /// <summary>Final test errors (1 − final accuracy) of the runs, in run order.</summary>
    public double[] FinalErrors => [.. Runs.Select(r => 1.0 - r.FinalAccuracy)];

    /// <summary>Best test errors (1 − best accuracy) of the runs, in run order.</summary>
    public double[] BestErrors => [.. Runs.Select(r => 1.0 - r.BestAccuracy)];

    /// <summary>Mean final test error.</summary>
    public double MeanError => FinalErrors.Average();

    /// <summary>Sample standard deviation of the final test error (n − 1); NaN for a single run.</summary>
    public double ErrorStandardDeviation => StandardDeviation(FinalErrors);

    /// <summary>Mean best test error.</summary>
    public double MeanBestError => BestErrors.Average();

    /// <summary>Sample standard deviation of the best test error (n − 1); NaN for a single run.</summary>
    public double BestErrorStandardDeviation => StandardDeviation(BestErrors);

    /// <summary>Mean of the runs' best test accuracies.</summary>
    public double MeanBestAccuracy => Runs.Average(r => r.BestAccuracy);

    /// <summary>Mean training time per run in seconds (NaN when a run has neither step times nor a log).</summary>
    public double MeanTrainingSeconds => Runs.Average(r => r.TrainingSeconds);

    /// <summary>Mean wall time per run in seconds, from the runs' <c>done</c> files (NaN when a run has none).</summary>
    public double MeanWallSeconds => Runs.Average(r => r.WallSeconds);

    /// <summary>Mean over the runs of each run's mean 1-minute load average (NaN when a run has no <c>load.txt</c>).</summary>
    public double MeanLoadAverage => Runs.Average(r => r.LoadAverage);

    /// <summary>The sample standard deviation (n − 1) of <paramref name="values"/>; NaN for fewer than two.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
        {
            return double.NaN;
        }

        double mean = values.Average();
        return Math.Sqrt(values.Sum(e => (e - mean) * (e - mean)) / (values.Count - 1));
    }

    /// <summary>
    /// Groups runs into methods per label count: runs of one label count whose identities agree and whose folder
    /// names differ only by <c>-seedN</c> are one method. Two folders of one label count whose records agree but
    /// whose names differ stay apart, their names followed by the folder name ("FixMatch [fixmatch-t90]").
    /// Methods come by label count (unknown first, the ceiling last), then in order of first appearance.
    /// </summary>
    public static IReadOnlyList<MethodSummary> Group(IEnumerable<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = runs.ToArray();
        var names = MethodNames.Assign(all.Select(r => r.Identity));
        var groups = all.GroupBy(r => (r.LabelCount, r.IsCeiling, r.Identity.Key, r.Identity.FolderStem)).ToArray();
        var ambiguous = groups.GroupBy(g => (g.Key.LabelCount, g.Key.Key)).Where(g => g.Count() > 1).SelectMany(g => g).ToHashSet();
        return [.. groups
            .Select((g, order) => (Order: order, Summary: new MethodSummary(
                ambiguous.Contains(g) ? $"{names[g.Key.Key]} [{g.Key.FolderStem}]" : names[g.Key.Key], [.. g])
            {
                LabelCount = g.Key.LabelCount,
                IsCeiling = g.Key.IsCeiling,
            }))
            .OrderBy(m => m.Summary.IsCeiling)
            .ThenBy(m => m.Summary.LabelCount ?? -1)
            .ThenBy(m => m.Order)
            .Select(m => m.Summary)];
    }
}
