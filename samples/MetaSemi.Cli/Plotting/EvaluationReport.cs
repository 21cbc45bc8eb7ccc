using System.Globalization;
using Spectre.Console;

namespace MetaSemi.Cli.Plotting;

/// <summary><c>evaluate</c>'s output once predictions are counted: overall and per-class accuracy on the console, the heat-map as PNG.</summary>
internal static class EvaluationReport
{
    /// <summary>Prints the report and writes <c>confusion-matrix.png</c> into <paramref name="saveFolder"/>; returns the picture's path.</summary>
    public static string Write(ConfusionMatrix matrix, IReadOnlyList<string> classNames, IAnsiConsole console, string saveFolder, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(console);
        if (matrix.Total == 0)
        {
            throw new ArgumentException("The confusion matrix is empty: no test example was evaluated.", nameof(matrix));
        }

        long correct = Enumerable.Range(0, matrix.ClassCount).Sum(c => matrix[c, c]);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[bold]accuracy {matrix.Accuracy * 100:F2}%[/] ({correct}/{matrix.Total})"));

        var table = new Table().AddColumn("class").AddColumn(new TableColumn("examples").RightAligned())
            .AddColumn(new TableColumn("correct").RightAligned()).AddColumn(new TableColumn("accuracy").RightAligned());
        var perClass = matrix.PerClassAccuracy();
        for (int c = 0; c < matrix.ClassCount; c++)
        {
            table.AddRow(
                Markup.Escape(classNames[c]),
                matrix.RowTotal(c).ToString(CultureInfo.InvariantCulture),
                matrix[c, c].ToString(CultureInfo.InvariantCulture),
                double.IsNaN(perClass[c]) ? "-" : string.Create(CultureInfo.InvariantCulture, $"{perClass[c] * 100:F2}%"));
        }

        console.Write(table);
        var path = Path.Combine(saveFolder, ConfusionMatrixPlot.FileName);
        ConfusionMatrixPlot.Save(matrix, classNames, path, title: title);
        console.MarkupLine($"confusion matrix: {Markup.Escape(path)}");
        return path;
    }
}
