using ScottPlot;

namespace MetaSemi.QuickStart;

/// <summary>Test accuracy against step for every run, in one PNG.</summary>
internal static class AccuracyCurves
{
    public static string Save(IReadOnlyList<QuickStartRun> runs, string path)
    {
        using var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var line = plot.Add.Scatter(run.Curve.Select(p => (double)p.Step).ToArray(), run.Curve.Select(p => 100 * p.Accuracy).ToArray(), palette.GetColor(i));
            line.LegendText = run.Name;
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        plot.Title("Fashion-MNIST subset: test accuracy");
        plot.XLabel("step");
        plot.YLabel("test accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 550);
        return Path.GetFullPath(path);
    }
}
