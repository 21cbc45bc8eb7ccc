using ScottPlot;

namespace MetaSemi.Cli.Plotting;

/// <summary>
/// The paper's Fig. 3: 2-D embedded features coloured by class, with a marker per point kind
/// (labelled, unlabelled, test) and a legend for both.
/// </summary>
internal static class FeatureScatterPlot
{
    // Drawn in this order so the few labelled points stay visible on top of the many others.
    private static readonly (PointKind Kind, MarkerShape Shape, float Size, string Name)[] KindStyles =
    [
        (PointKind.Test, MarkerShape.OpenCircle, 5, "test"),
        (PointKind.Unlabeled, MarkerShape.FilledCircle, 4, "unlabelled"),
        (PointKind.Labeled, MarkerShape.FilledTriangleUp, 9, "labelled"),
    ];

    public static void Save(
        double[,] points, IReadOnlyList<int> labels, IReadOnlyList<PointKind> kinds, IReadOnlyList<string> classNames,
        string path, int width = 1100, int height = 850, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(classNames);
        int n = points.GetLength(0);
        if (points.GetLength(1) != 2)
        {
            throw new ArgumentException($"Expected N×2 points, got N×{points.GetLength(1)}.", nameof(points));
        }

        if (labels.Count != n || kinds.Count != n)
        {
            throw new ArgumentException($"{n} points but {labels.Count} labels and {kinds.Count} kinds.", nameof(labels));
        }

        int badLabel = labels.FirstOrDefault(l => l < 0 || l >= classNames.Count, -1);
        if (labels.Any(l => l < 0 || l >= classNames.Count))
        {
            throw new ArgumentException($"Label {badLabel} is outside 0..{classNames.Count - 1} (one class name per label).", nameof(labels));
        }

        using var plot = new Plot();
        int classCount = classNames.Count;
        foreach (var style in KindStyles)
        {
            for (int c = 0; c < classCount; c++)
            {
                var members = Enumerable.Range(0, n).Where(i => labels[i] == c && kinds[i] == style.Kind).ToArray();
                if (members.Length == 0)
                {
                    continue;
                }

                var markers = plot.Add.Markers(
                    members.Select(i => points[i, 0]).ToArray(), members.Select(i => points[i, 1]).ToArray(),
                    style.Shape, style.Size, ClassPalette.ColorOf(c, classCount));
                if (style.Kind == PointKind.Labeled)
                {
                    markers.MarkerStyle.OutlineColor = Colors.Black;
                    markers.MarkerStyle.OutlineWidth = 1;
                }
            }
        }

        // Legend items stand apart from the plottables: one per class (colour) and one per kind (shape).
        var items = new List<LegendItem>();
        if (classCount <= 20)
        {
            for (int c = 0; c < classCount; c++)
            {
                items.Add(new LegendItem { LabelText = classNames[c], MarkerStyle = new MarkerStyle(MarkerShape.FilledSquare, 10, ClassPalette.ColorOf(c, classCount)) });
            }
        }

        foreach (var style in KindStyles.Reverse().Where(s => kinds.Contains(s.Kind)))
        {
            var marker = new MarkerStyle(style.Shape, style.Size + 2, Colors.DimGray);
            items.Add(new LegendItem { LabelText = $"{style.Name} ({kinds.Count(k => k == style.Kind)})", MarkerStyle = marker });
        }

        plot.Legend.ManualItems.AddRange(items);
        plot.ShowLegend(Edge.Right);
        plot.HideGrid();
        plot.Axes.Frameless(false);
        plot.Title(title ?? $"t-SNE of features ({n} points)");
        plot.XLabel("t-SNE 1");
        plot.YLabel("t-SNE 2");
        PngFile.Save(plot, path, width, height);
    }
}
