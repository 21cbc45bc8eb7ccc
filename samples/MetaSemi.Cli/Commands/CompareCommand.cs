using System.CommandLine;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi compare RUN…</c>: parses into <see cref="CompareCommandOptions"/>.</summary>
internal sealed class CompareCommand
{
    public CompareCommand()
    {
        Command.Arguments.Add(Runs);
        Option[] all = [SavePath, Markdown, Title, Verbose];
        foreach (var option in all)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            foreach (var run in result.GetValue(Runs) ?? [])
            {
                if (!Directory.Exists(run))
                {
                    result.AddError($"RUN '{run}': no such folder (a run folder with metrics.csv, or a folder of run folders).");
                }
            }
        });
    }

    public Command Command { get; } = new("compare",
        "Compare finished runs: final test error (mean ± standard deviation and range over seeds), best accuracy, steps and training time per method, "
        + "and one picture of test accuracy against the step. Runs whose folder names differ only by a '-seedN' suffix are one method.");

    public Argument<string[]> Runs { get; } = new("runs") { Description = "Run folders, or folders whose sub-folders are run folders.", Arity = ArgumentArity.OneOrMore };
    public Option<string?> SavePath { get; } = Text("--save-path", "The picture (PNG) to write (default: comparison.png).");
    public Option<string?> Markdown { get; } = Text("--markdown", "Also write the table to this Markdown file.");
    public Option<string?> Title { get; } = Text("--title", "Title of the picture.");
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public CompareCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CompareCommandOptions
        {
            Runs = result.GetValue(Runs) ?? [],
            SavePath = result.GetValue(SavePath) ?? "comparison.png",
            Markdown = result.GetValue(Markdown),
            Title = result.GetValue(Title),
            Verbose = result.GetValue(Verbose),
        };
    }
}
