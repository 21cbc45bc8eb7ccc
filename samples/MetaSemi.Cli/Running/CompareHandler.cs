using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Comparison;
using Spectre.Console;

namespace MetaSemi.Cli.Running;

/// <summary>
/// <c>metasemi compare</c>: reads run folders, prints the table and its notes, writes the pictures (against the
/// step; label efficiency and accuracy against training time where the runs give what they need) and the
/// Markdown table. A picture the user named but the runs cannot give is an error; a default one is left out
/// with a line that says why.
/// </summary>
internal sealed class CompareHandler : ICommandHandler<CompareCommandOptions>
{
    public Task<int> RunAsync(CompareCommandOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var runs = RunFolders(options.Runs).Select(RunSummary.Read).ToList();
        var methods = MethodSummary.Group(runs);

        var table = new Table().AddColumns(ComparisonTable.Header);
        foreach (var row in ComparisonTable.Rows(methods))
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        context.Console.Write(table);
        foreach (var note in ComparisonTable.Notes(methods))
        {
            context.Console.WriteLine(note);
        }

        ComparisonPlot.Save(methods, options.SavePath, options.Title);
        context.Console.WriteLine($"picture: {options.SavePath}");
        SaveLabelEfficiency(options, methods, context);
        SaveAccuracyVsTime(options, methods, context);
        if (options.Markdown is { } markdown)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(markdown));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(markdown, ComparisonTable.ToMarkdown(methods));
            context.Console.WriteLine($"table: {markdown}");
        }

        return Task.FromResult(0);
    }

    private static void SaveLabelEfficiency(CompareCommandOptions options, IReadOnlyList<MethodSummary> methods, CliContext context)
    {
        const string why = "no run records its label count (args.json's num-label)";
        if (!LabelEfficiencyPlot.CanDraw(methods))
        {
            if (options.LabelEfficiency is not null)
            {
                throw new CliUserException($"--label-efficiency {options.LabelEfficiency}: {why}.");
            }

            context.Console.WriteLine($"no label-efficiency picture: {why}.");
            return;
        }

        var path = options.LabelEfficiency ?? options.BesideSavePath("label-efficiency");
        LabelEfficiencyPlot.Save(methods, path, null);
        context.Console.WriteLine($"label-efficiency picture: {path}");
    }

    private static void SaveAccuracyVsTime(CompareCommandOptions options, IReadOnlyList<MethodSummary> methods, CliContext context)
    {
        var labels = options.Labels ?? AccuracyVsTimePlot.DefaultLabelCount(methods);
        var shown = methods.Where(m => m.LabelCount == labels).ToArray();
        if (shown.Length == 0)
        {
            var counts = methods.Select(m => m.LabelCount).Distinct().Select(c => c?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown");
            throw new CliUserException($"--labels {labels}: no run has {labels} labels; the runs have {string.Join(", ", counts)}.");
        }

        var untimed = shown.SelectMany(m => m.Runs).Where(r => !r.TimedBySteps).Select(r => r.Name).ToArray();
        string which = labels is null ? "runs of unknown label count" : FormattableString.Invariant($"runs with {labels} labels");
        if (untimed.Length == shown.Sum(m => m.Runs.Count))
        {
            var why = $"none of the {which} has time/compute in metrics.csv";
            if (options.AccuracyVsTime is not null)
            {
                throw new CliUserException($"--accuracy-vs-time {options.AccuracyVsTime}: {why}.");
            }

            context.Console.WriteLine($"no accuracy-vs-time picture: {why}.");
            return;
        }

        if (untimed.Length > 0)
        {
            context.Console.WriteLine($"accuracy-vs-time picture: left out (no time/compute in metrics.csv): {string.Join(", ", untimed)}");
        }

        var path = options.AccuracyVsTime ?? options.BesideSavePath("accuracy-vs-time");
        AccuracyVsTimePlot.Save(shown, methods, path, $"Test accuracy against training time ({which})");
        context.Console.WriteLine($"accuracy-vs-time picture ({which}): {path}");
    }

    /// <summary>Each argument that is a run folder, or else its sub-folders that are (sorted by name).</summary>
    private static IEnumerable<string> RunFolders(IReadOnlyList<string> arguments)
    {
        foreach (var argument in arguments)
        {
            if (File.Exists(Path.Combine(argument, Plotting.MetricsCsv.FileName)))
            {
                yield return argument;
                continue;
            }

            var children = Directory.GetDirectories(argument).Where(d => File.Exists(Path.Combine(d, Plotting.MetricsCsv.FileName)))
                .Order(StringComparer.Ordinal).ToArray();
            if (children.Length == 0)
            {
                throw new CliUserException($"'{argument}' holds no metrics.csv and no run folder that does.");
            }

            foreach (var child in children)
            {
                yield return child;
            }
        }
    }
}
