using System.Globalization;
using ScottPlot;

namespace MetaSemi.Cli.Plotting;

/// <summary>
/// Confusion-matrix heat-map: colour is the row-normalised fraction (each true class sums to 1),
/// cells show the counts while the classes are few enough to read them.
/// </summary>
internal static class ConfusionMatrixPlot
{
    /// <summary>The file name <c>evaluate</c> uses.</summary>
    public const string FileName = "confusion-matrix.png";

    public static void Save(ConfusionMatrix matrix, IReadOnlyList<string> classNames, string path, int width = 900, int height = 800, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(classNames);
        int n = matrix.ClassCount;
        if (classNames.Count != n)
        {
            throw new ArgumentException($"{classNames.Count} class names for {n} classes.", nameof(classNames));
        }

        // Heat-map row 0 is drawn at the top, as a confusion matrix is read.
        var fractions = new double[n, n];
        for (int a = 0; a < n; a++)
        {
            long row = matrix.RowTotal(a);
            for (int p = 0; p < n; p++)
            {
                fractions[a, p] = row == 0 ? double.NaN : (double)matrix[a, p] / row;
            }
        }

        using var plot = new Plot();
        var heatmap = plot.Add.Heatmap(fractions);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        plot.Add.ColorBar(heatmap);

        if (n <= 20)
        {
            for (int a = 0; a < n; a++)
            {
                for (int p = 0; p < n; p++)
                {
                    var text = plot.Add.Text(matrix[a, p].ToString(CultureInfo.InvariantCulture), p, n - 1 - a);
                    text.Alignment = Alignment.MiddleCenter;
                    text.LabelFontSize = n <= 10 ? 13 : 9;
                    text.LabelFontColor = fractions[a, p] > 0.5 ? Colors.Black : Colors.White;
                }
            }

            var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
            plot.Axes.Bottom.SetTicks(positions, [.. classNames]);
            plot.Axes.Left.SetTicks(positions.Select(pos => n - 1 - pos).ToArray(), [.. classNames]);
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;

            // Rotated class names need room below the axis, long ones room on the left.
            plot.Axes.Bottom.MinimumSize = 30 + (7 * classNames.Max(c => c.Length));
            plot.Axes.Left.MinimumSize = 30 + (7 * classNames.Max(c => c.Length));
        }

        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        plot.Title(title ?? $"Confusion matrix: accuracy {matrix.Accuracy * 100:F2}% of {matrix.Total} (colour: fraction of the true class)");
        PngFile.Save(plot, path, width, height);
    }
}
