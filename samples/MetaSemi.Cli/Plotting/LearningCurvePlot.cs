using MetaSemi.Algorithms;
using ScottPlot;

namespace MetaSemi.Cli.Plotting;

/// <summary>
/// The run folder's learning curve: accuracies (left panel) and losses with the learning rate on a
/// second axis (right panel) against the step. Scalars the table lacks are left out.
/// </summary>
internal static class LearningCurvePlot
{
    /// <summary>The file name a run folder uses.</summary>
    public const string FileName = "learning-curve.png";

    /// <summary>Redraws a run folder's <c>learning-curve.png</c> from its <c>metrics.csv</c>; returns the picture's path.</summary>
    public static string Refresh(string runFolder, string? title = null)
    {
        var picture = Path.Combine(runFolder, FileName);
        Save(MetricsCsvReader.Read(Path.Combine(runFolder, MetricsCsvWriter.FileName)), picture, title: title);
        return picture;
    }

    public static void Save(MetricsTable metrics, string path, int width = 1400, int height = 550, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        using var accuracy = new Plot();
        using var losses = new Plot();

        // Accuracies may be logged as fractions or percentages: show percent either way.
        double scale = AccuracyColumns.Any(c => metrics.Series(c).Values.Any(v => v > 1.0)) ? 1.0 : 100.0;
        AddLine(accuracy, metrics, MetricNames.TestAccuracy, "test accuracy", scale, Colors.Black, 2.5f, MarkerShape.FilledCircle);
        AddLine(accuracy, metrics, MetricNames.LabelAccuracy, "train labelled accuracy", scale, Colors.C0, 1.5f, MarkerShape.None);
        AddLine(accuracy, metrics, MetricNames.UnlabelAccuracy, "train unlabelled accuracy", scale, Colors.C1, 1.5f, MarkerShape.None);
        accuracy.Title(title is null ? "Accuracy" : $"{title}: accuracy");
        accuracy.XLabel("step");
        accuracy.YLabel("accuracy (%)");
        FinishPanel(accuracy, metrics, Alignment.LowerRight);

        AddLine(losses, metrics, MetricNames.LabelLoss, "labelled loss", 1.0, Colors.C0, 1.5f, MarkerShape.None);
        AddLine(losses, metrics, MetricNames.UnlabelLoss, "consistency loss", 1.0, Colors.C1, 1.5f, MarkerShape.None);
        AddLine(losses, metrics, MetricNames.InterpLoss, "mixup loss", 1.0, Colors.C2, 1.5f, MarkerShape.None);
        var lr = AddLine(losses, metrics, MetricNames.LearningRate, "learning rate (right axis)", 1.0, Colors.Gray, 1.5f, MarkerShape.None);
        if (lr is not null)
        {
            lr.LinePattern = LinePattern.Dashed;
            lr.Axes.YAxis = losses.Axes.Right;
            losses.Axes.Right.Label.Text = "learning rate";
        }

        losses.Title(title is null ? "Losses" : $"{title}: losses");
        losses.XLabel("step");
        losses.YLabel("loss");
        FinishPanel(losses, metrics, Alignment.UpperRight);

        PngFile.SaveSideBySide([accuracy, losses], path, width, height);
    }

    private static readonly string[] AccuracyColumns = [MetricNames.TestAccuracy, MetricNames.LabelAccuracy, MetricNames.UnlabelAccuracy];

    private static ScottPlot.Plottables.Scatter? AddLine(Plot plot, MetricsTable metrics, string column, string legend, double scale, Color color, float width, MarkerShape marker)
    {
        var (xs, ys) = metrics.Series(column);
        if (xs.Length == 0)
        {
            return null;
        }

        var scatter = plot.Add.Scatter(xs, ys.Select(y => y * scale).ToArray(), color);
        scatter.LegendText = legend;
        scatter.LineWidth = width;
        scatter.MarkerShape = marker;
        scatter.MarkerSize = marker == MarkerShape.None ? 0 : 6;
        return scatter;
    }

    private static void FinishPanel(Plot plot, MetricsTable metrics, Alignment legendCorner)
    {
        if (!plot.GetPlottables().Any())
        {
            plot.Add.Annotation(metrics.Steps.Count == 0 ? "no metrics logged yet" : "none of these scalars logged");
            return;
        }

        plot.ShowLegend(legendCorner);
    }
}
