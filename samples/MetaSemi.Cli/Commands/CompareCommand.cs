using System.CommandLine;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi compare RUN…</c>: parses into <see cref="CompareCommandOptions"/>.</summary>
internal sealed class CompareCommand
{
    public CompareCommand()
    {
        Command.Arguments.Add(Runs);
        Option[] all = [SavePath, LabelEfficiency, AccuracyVsTime, Labels, Markdown, Title, Verbose];
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
        "Compare finished runs: per label count and method, the final and best test error (mean ± standard deviation over seeds), "
        + "steps, wall and training time and the load average; pictures of test accuracy against the step, of the final test error "
        + "against the number of labels, and of test accuracy against training time. A run's method and label count come from its "
        + "options.json and args.json (the algorithm, mixup, MetaSemi's meta-gradient, the meta-correction, the learning-rate recipe where "
        + "it tells two methods apart); runs of one method and label count whose folder names differ only by '-seedN' are its seeds.");

    public Argument<string[]> Runs { get; } = new("runs") { Description = "Run folders, or folders whose sub-folders are run folders.", Arity = ArgumentArity.OneOrMore };
    public Option<string?> SavePath { get; } = Text("--save-path", "The picture of test accuracy against the step (PNG; default: comparison.png).");
    public Option<string?> LabelEfficiency { get; } = Text("--label-efficiency",
        "The picture of the final test error against the number of labels, log scale, the ceiling dashed (PNG; default: <save-path>-label-efficiency.png).");
    public Option<string?> AccuracyVsTime { get; } = Text("--accuracy-vs-time",
        "The picture of test accuracy against training time for the runs of one label count (PNG; default: <save-path>-accuracy-vs-time.png).");
    public Option<int> Labels { get; } = Int("--labels", 0,
        "The label count whose runs --accuracy-vs-time shows (default: the label count, other than every label, with the most runs; the smallest of a tie).", 1);
    public Option<string?> Markdown { get; } = Text("--markdown", "Also write the table and its notes to this Markdown file.");
    public Option<string?> Title { get; } = Text("--title", "Title of the picture against the step.");
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public CompareCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var savePath = result.GetValue(SavePath) ?? "comparison.png";
        return new CompareCommandOptions
        {
            Runs = result.GetValue(Runs) ?? [],
            SavePath = savePath,
            LabelEfficiency = result.GetValue(LabelEfficiency),
            AccuracyVsTime = result.GetValue(AccuracyVsTime),
            Labels = result.GetResult(Labels) is { Implicit: false } ? result.GetValue(Labels) : null,
            Markdown = result.GetValue(Markdown),
            Title = result.GetValue(Title),
            Verbose = result.GetValue(Verbose),
        };
    }
}
