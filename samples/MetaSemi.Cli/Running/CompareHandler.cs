using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Comparison;
using Spectre.Console;

namespace MetaSemi.Cli.Running;

/// <summary><c>metasemi compare</c>: reads run folders, prints the table, writes the picture (and the Markdown table).</summary>
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
        ComparisonPlot.Save(methods, options.SavePath, options.Title);
        context.Console.WriteLine($"picture: {options.SavePath}");
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
