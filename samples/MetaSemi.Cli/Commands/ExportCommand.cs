using System.CommandLine;
using System.CommandLine.Parsing;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi export</c>: parses into <see cref="ExportCommandOptions"/>.</summary>
internal sealed class ExportCommand
{
    public ExportCommand()
    {
        Option[] all = [Model, Checkpoint, Arch, NumClasses, Dataset, ClassNames, ImageSize, Output, Verbose];
        foreach (var option in all)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            result.ConvertAllGiven();
            bool model = result.IsGiven(Model), checkpoint = result.IsGiven(Checkpoint);
            if (model == checkpoint)
            {
                result.AddError("Give either --model FILE (a model file) or --checkpoint FILE with -a/--arch and --num-classes.");
                return;
            }

            if (model)
            {
                foreach (var option in new Option[] { Arch, NumClasses, Dataset, ClassNames, ImageSize }.Where(result.IsGiven))
                {
                    result.AddError($"{option.Name} applies to --checkpoint only: a model file describes its own network.");
                }

                result.RequireFile(Model, "the model file to export");
                return;
            }

            result.RequireFile(Checkpoint, "the checkpoint to export");
            if (!result.IsGiven(NumClasses) && result.TryGet(Dataset, out var dataset) && ReferenceDefaults.DatasetClasses[dataset] == 0)
            {
                result.AddError($"--num-classes is required with --checkpoint and --dataset {dataset} (the class count is not fixed).");
            }
        });
    }

    public Command Command { get; } = new("export", "Export a model file (or a checkpoint with its architecture) to ONNX, opset 17, with its class names and preprocessing in the metadata.");

    public Option<string?> Model { get; } = Text("--model", "The model file to export (written by training beside the checkpoints).");
    public Option<string?> Checkpoint { get; } = Text("--checkpoint", "A checkpoint to export instead of a model file (needs -a/--arch and --num-classes).", aliases: "--checkpoint-path");
    public Option<string> Arch { get; } = new("--arch", "-a") { Description = "Network architecture of the checkpoint: " + string.Join(", ", MetaSemi.Models.ModelZoo.Architectures) + ".", DefaultValueFactory = _ => ReferenceDefaults.Arch };
    public Option<int?> NumClasses { get; } = new("--num-classes") { Description = "Classes of the checkpoint's network (default: the data set's).", CustomParser = ParsePositive };
    public Option<string> Dataset { get; } = Choice("--dataset", ReferenceDefaults.Dataset, "Data set the checkpoint was trained on: its channels, image size and normalisation.", ReferenceDefaults.DatasetClasses.Keys);
    public Option<string?> ClassNames { get; } = Text("--class-names", "Comma-separated class names of the checkpoint, in output order (default: 0, 1, …).");
    public Option<int?> ImageSize { get; } = new("--image-size") { Description = "Input side of the checkpoint's network (default: the data set's).", CustomParser = ParsePositive };
    public Option<string?> Output { get; } = Text("--output", "The ONNX file to write.", required: true, "-o");
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public ExportCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var names = result.GetValue(ClassNames);
        return new ExportCommandOptions
        {
            Model = result.GetValue(Model),
            Checkpoint = result.GetValue(Checkpoint),
            Arch = result.GetValue(Arch)!.Trim().ToLowerInvariant(),
            NumClasses = result.GetValue(NumClasses),
            Dataset = result.GetValue(Dataset)!,
            ClassNames = names?.Split(',', StringSplitOptions.TrimEntries),
            ImageSize = result.GetValue(ImageSize),
            Output = result.GetValue(Output)!,
            Verbose = result.GetValue(Verbose),
        };
    }

    private static int? ParsePositive(ArgumentResult result)
    {
        var text = result.Tokens[^1].Value;
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1)
        {
            return value;
        }

        var name = ((OptionResult)result.Parent!).Option.Name;
        result.AddError($"{name} '{text}' is not an integer >= 1.");
        return null;
    }
}
