using System.Globalization;
using MetaSemi.Cli.Plotting;
using MetaSemi.Comparison;
using ScottPlot;

namespace MetaSemi.Cli.Comparison;

/// <summary>
/// Label efficiency: the final test error (mean over seeds, ± the sample standard deviation as an error bar from
/// two seeds on) against the number of labelled images on a logarithmic axis, one line per method; the runs with
/// every training label (the ceiling) as dashed horizontal lines. One label count gives one point per method.
/// </summary>
internal static class LabelEfficiencyPlot
{
    /// <summary>Whether <paramref name="methods"/> give anything to draw: a method with a known label count.</summary>
    public static bool CanDraw(IReadOnlyList<MethodSummary> methods) => methods.Any(m => m.LabelCount is not null);

    public static void Save(IReadOnlyList<MethodSummary> methods, string path, string? title, int width = 1100, int height = 650)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (!CanDraw(methods))
        {
            throw new ArgumentException("No method records its label count; a label-efficiency picture needs args.json's num-label.", nameof(methods));
        }

        using var plot = new Plot();
        var colors = new MethodColors(methods);
        var points = methods.Where(m => m.LabelCount is not null && !m.IsCeiling).ToArray();
        foreach (var method in points.GroupBy(m => m.Method, StringComparer.Ordinal))
        {
            var byLabels = method.OrderBy(m => m.LabelCount).ToArray();
            double[] xs = [.. byLabels.Select(m => Math.Log10(m.LabelCount!.Value))];
            double[] ys = [.. byLabels.Select(m => 100 * m.MeanError)];
            var color = colors.Of(method.Key);
            var line = plot.Add.Scatter(xs, ys, color);
            line.LineWidth = 2;
            line.MarkerSize = 8;
            int fewest = byLabels.Min(m => m.Runs.Count), most = byLabels.Max(m => m.Runs.Count);
            line.LegendText = most == 1 ? method.Key : fewest == most ? $"{method.Key} (mean of {most} seeds)" : $"{method.Key} (mean of {fewest}–{most} seeds)";
            if (byLabels.Any(m => m.Runs.Count > 1))
            {
                var bars = plot.Add.ErrorBar(xs, ys, [.. byLabels.Select(m => m.Runs.Count > 1 ? 100 * m.ErrorStandardDeviation : 0)]);
                bars.Color = color;
            }
        }

        foreach (var ceiling in methods.Where(m => m.IsCeiling))
        {
            var line = plot.Add.HorizontalLine(100 * ceiling.MeanError, 2, colors.Of(ceiling.Method), LinePattern.Dashed);
            line.LegendText = FormattableString.Invariant($"all {ceiling.LabelCount} labels: {ceiling.Method}");
        }

        var counts = points.Select(m => m.LabelCount!.Value).Distinct().Order().ToArray();
        if (counts.Length == 0)
        {
            counts = [.. methods.Where(m => m.LabelCount is not null).Select(m => m.LabelCount!.Value).Distinct().Order()];
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var count in counts)
        {
            ticks.AddMajor(Math.Log10(count), count.ToString(CultureInfo.InvariantCulture));
        }

        double left = Math.Log10(counts[0]) - 0.3, right = Math.Log10(counts[^1]) + 0.3;
        for (int decade = (int)Math.Floor(left); decade <= (int)Math.Ceiling(right); decade++)
        {
            for (int k = 1; k <= 9; k++)
            {
                double x = decade + Math.Log10(k);
                if (x >= left && x <= right)
                {
                    ticks.AddMinor(x);
                }
            }
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(left, right);
        plot.Title(title ?? "Label efficiency: final test error against the number of labels");
        plot.XLabel("labelled training images (log scale)");
        plot.YLabel("final test error (%)");
        plot.ShowLegend(Alignment.UpperRight);
        PngFile.Save(plot, path, width, height);
    }
}
