using MetaSemi.Cli.Plotting;
using MetaSemi.Comparison;
using ScottPlot;

namespace MetaSemi.Cli.Comparison;

/// <summary>
/// Test accuracy against training time for the runs of one label count: every run a line through its
/// evaluations, at the training seconds (<c>time/data</c> + <c>time/compute</c> of the steps so far,
/// <see cref="RunSummary.EvaluationSeconds"/>) in minutes; the runs of one method share its colour.
/// </summary>
internal static class AccuracyVsTimePlot
{
    /// <summary>
    /// The label count to show by default: the non-ceiling count with the most runs (the smallest of a tie; an
    /// unknown count is one count too); the ceiling's when every run is at the ceiling.
    /// </summary>
    public static int? DefaultLabelCount(IReadOnlyList<MethodSummary> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        var candidates = methods.Any(m => !m.IsCeiling) ? methods.Where(m => !m.IsCeiling) : methods;
        return candidates.GroupBy(m => m.LabelCount)
            .OrderByDescending(g => g.Sum(m => m.Runs.Count))
            .ThenBy(g => g.Key ?? -1)
            .First().Key;
    }

    public static void Save(IReadOnlyList<MethodSummary> methods, IReadOnlyList<MethodSummary> colorOrder, string path, string? title, int width = 1100, int height = 650)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(colorOrder);
        using var plot = new Plot();
        var colors = new MethodColors(colorOrder);
        foreach (var method in methods)
        {
            var timed = method.Runs.Where(r => r.TimedBySteps).ToArray();
            for (int i = 0; i < timed.Length; i++)
            {
                var line = plot.Add.Scatter(timed[i].EvaluationSeconds.Select(s => s / 60).ToArray(), timed[i].TestAccuracy.Select(a => 100 * a).ToArray(), colors.Of(method.Method));
                line.LineWidth = 1.5f;
                line.MarkerSize = 5;
                if (i == 0)
                {
                    line.LegendText = timed.Length == 1 ? method.Method : $"{method.Method} ({timed.Length} runs)";
                }
            }
        }

        double longest = methods.SelectMany(m => m.Runs).Where(r => r.TimedBySteps).Max(r => r.EvaluationSeconds[^1]) / 60;
        plot.Axes.SetLimitsX(0, longest > 0 ? 1.04 * longest : 1);
        plot.Title(title ?? "Test accuracy against training time");
        plot.XLabel("training time (min): time/data + time/compute of the steps so far");
        plot.YLabel("test accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        PngFile.Save(plot, path, width, height);
    }
}
