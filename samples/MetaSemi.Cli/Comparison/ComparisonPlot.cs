using MetaSemi.Cli.Plotting;
using MetaSemi.Comparison;
using ScottPlot;

namespace MetaSemi.Cli.Comparison;

/// <summary>
/// Test accuracy against the step for every method: each run as a thin pale line, the mean over
/// the method's runs (at the steps all its runs evaluated) as a thick line with markers. When the runs have
/// several label counts, each legend entry starts with its label count.
/// </summary>
internal static class ComparisonPlot
{
    public static void Save(IReadOnlyList<MethodSummary> methods, string path, string? title, int width = 1100, int height = 650)
    {
        ArgumentNullException.ThrowIfNull(methods);
        using var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        bool severalLabelCounts = methods.Select(m => m.LabelCount).Distinct().Count() > 1;
        for (int m = 0; m < methods.Count; m++)
        {
            var method = methods[m];
            var color = palette.GetColor(m);
            foreach (var run in method.Runs)
            {
                var line = plot.Add.Scatter(run.EvaluationSteps, [.. run.TestAccuracy.Select(a => 100 * a)], color.WithAlpha(0.3));
                line.LineWidth = 1;
                line.MarkerSize = 0;
            }

            var (steps, mean) = MeanCurve(method.Runs);
            var average = plot.Add.Scatter(steps, [.. mean.Select(a => 100 * a)], color);
            average.LineWidth = 2.5f;
            average.MarkerSize = 5;
            var name = severalLabelCounts && method.LabelCount is { } labels ? FormattableString.Invariant($"{labels} labels: {method.Method}") : method.Method;
            average.LegendText = method.Runs.Count == 1 ? name : $"{name} (mean of {method.Runs.Count})";
        }

        plot.Title(title ?? "Test accuracy");
        plot.XLabel("step");
        plot.YLabel("test accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        PngFile.Save(plot, path, width, height);
    }

    /// <summary>The mean accuracy at every step that all <paramref name="runs"/> evaluated.</summary>
    public static (double[] Steps, double[] Mean) MeanCurve(IReadOnlyList<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var shared = runs.Select(r => r.EvaluationSteps.AsEnumerable()).Aggregate((a, b) => a.Intersect(b)).Order().ToArray();
        var mean = shared.Select(step => runs.Average(r => r.TestAccuracy[Array.IndexOf(r.EvaluationSteps, step)])).ToArray();
        return (shared, mean);
    }
}
