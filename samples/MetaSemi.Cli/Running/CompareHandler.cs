using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Comparison;
using MetaSemi.Comparison;
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
        var methods = RunComparison.Read(options.Runs).Methods;

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

        // Both checks before any picture is written: a refused option leaves no picture behind.
        var labelEfficiency = LabelEfficiencyPath(options, methods, context);
        var accuracyVsTime = AccuracyVsTimePlan(options, methods, context);
        ComparisonPlot.Save(methods, options.SavePath, options.Title);
        context.Console.WriteLine($"picture: {options.SavePath}");
        if (labelEfficiency is not null)
        {
            LabelEfficiencyPlot.Save(methods, labelEfficiency, null);
            context.Console.WriteLine($"label-efficiency picture: {labelEfficiency}");
        }

        if (accuracyVsTime is { } plan)
        {
            AccuracyVsTimePlot.Save(plan.Shown, methods, plan.Path, $"Test accuracy against training time ({plan.Which})");
            context.Console.WriteLine($"accuracy-vs-time picture ({plan.Which}): {plan.Path}");
        }
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

    /// <summary>Where the label-efficiency picture goes; null (with a line saying why) when the runs cannot give it and no path was named.</summary>
    private static string? LabelEfficiencyPath(CompareCommandOptions options, IReadOnlyList<MethodSummary> methods, CliContext context)
    {
        const string why = "no run records its label count (args.json's num-label)";
        if (!LabelEfficiencyPlot.CanDraw(methods))
        {
            if (options.LabelEfficiency is not null)
            {
                throw new CliUserException($"--label-efficiency {options.LabelEfficiency}: {why}.");
            }

            context.Console.WriteLine($"no label-efficiency picture: {why}.");
            return null;
        }

        return options.LabelEfficiency ?? options.BesideSavePath("label-efficiency");
    }

    /// <summary>
    /// The methods of the label count the accuracy-vs-time picture shows, and where it goes; null (with a line saying
    /// why) when none of their runs has step times and no path was named.
    /// </summary>
    private static (MethodSummary[] Shown, string Path, string Which)? AccuracyVsTimePlan(CompareCommandOptions options, IReadOnlyList<MethodSummary> methods, CliContext context)
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
            return null;
        }

        if (untimed.Length > 0)
        {
            context.Console.WriteLine($"accuracy-vs-time picture: left out (no time/compute in metrics.csv): {string.Join(", ", untimed)}");
        }

        return (shown, options.AccuracyVsTime ?? options.BesideSavePath("accuracy-vs-time"), which);
    }
}
