using System.CommandLine;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi train-baseline</c>: parses into <see cref="TrainingCommandOptions"/> (without <c>train</c>'s own options).</summary>
internal sealed class TrainBaselineCommand
{
    public TrainBaselineCommand()
    {
        Shared.AddTo(Command);

        // The reference's train_baseline.py spelt this flag with an underscore.
        Shared.SavePath.Aliases.Add("--save_path");
    }

    public Command Command { get; } = new("train-baseline", "Train the supervised baseline on the labelled subset only (the reference's train_baseline.py).");

    public TrainingOptionSet Shared { get; } = new();

    public TrainingCommandOptions Bind(ParseResult result) =>
        Shared.Bind(result, TrainingCommandOptions.BaselineDefaults, "baseline", baseline: true);
}
