namespace MetaSemi.Cli.Comparison;

/// <summary>The runs of one method (its seeds) and their statistics; errors and accuracies are fractions.</summary>
internal sealed record MethodSummary(string Method, IReadOnlyList<RunSummary> Runs)
{
    /// <summary>Final test errors (1 − final accuracy) of the runs, in run order.</summary>
    public double[] FinalErrors => [.. Runs.Select(r => 1.0 - r.FinalAccuracy)];

    /// <summary>Mean final test error.</summary>
    public double MeanError => FinalErrors.Average();

    /// <summary>Sample standard deviation of the final test error (n − 1); NaN for a single run.</summary>
    public double ErrorStandardDeviation
    {
        get
        {
            var errors = FinalErrors;
            if (errors.Length < 2)
            {
                return double.NaN;
            }

            double mean = errors.Average();
            return Math.Sqrt(errors.Sum(e => (e - mean) * (e - mean)) / (errors.Length - 1));
        }
    }

    /// <summary>Mean of the runs' best test accuracies.</summary>
    public double MeanBestAccuracy => Runs.Average(r => r.BestAccuracy);

    /// <summary>Mean training time per run in seconds (NaN when a run has no log).</summary>
    public double MeanTrainingSeconds => Runs.Average(r => r.TrainingSeconds);

    /// <summary>Groups runs by <see cref="RunSummary.Method"/>, methods in order of first appearance.</summary>
    public static IReadOnlyList<MethodSummary> Group(IEnumerable<RunSummary> runs) =>
        [.. runs.GroupBy(r => r.Method, StringComparer.Ordinal).Select(g => new MethodSummary(g.Key, [.. g]))];
}
