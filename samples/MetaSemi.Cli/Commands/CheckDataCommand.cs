using System.CommandLine;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi check-data</c>: parses into <see cref="CheckDataCommandOptions"/>.</summary>
internal sealed class CheckDataCommand
{
    public CheckDataCommand()
    {
        Command.Arguments.Add(Path);
        Command.Options.Add(Verbose);
        Command.Validators.Add(result =>
        {
            if (result.GetValue(Path) is { } path && !Directory.Exists(path))
            {
                result.AddError($"'{path}': no such folder (expected labeled/<class>/…, optionally unlabeled/… and test/<class>/…).");
            }
        });
    }

    public Command Command { get; } = new("check-data", "Scan a --dataset folders layout before a long run: images per class, sizes, grey or colour, every unreadable file; exits 1 when a file cannot be read.");

    public Argument<string> Path { get; } = new("path") { Description = "The folder holding labeled/, and optionally unlabeled/ and test/." };
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public CheckDataCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CheckDataCommandOptions { Path = result.GetValue(Path)!, Verbose = result.GetValue(Verbose) };
    }
}
