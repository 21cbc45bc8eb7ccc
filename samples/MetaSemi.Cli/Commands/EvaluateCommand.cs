using System.CommandLine;
using System.CommandLine.Parsing;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi evaluate</c>: parses into <see cref="EvaluateCommandOptions"/>.</summary>
internal sealed class EvaluateCommand
{
    public EvaluateCommand()
    {
        Option[] all = [Dataset, DataPath, Checkpoint, Arch, BatchSize, SavePath, Device, Gpu, Verbose];
        foreach (var option in all)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            result.ConvertAllGiven();
            result.RequireDataPath(Dataset, DataPath);

            result.RequireFile(Checkpoint, "the model to evaluate");
            result.CheckGpuAlias(Gpu, Device);
        });
    }

    public Command Command { get; } = new("evaluate", "Accuracy, per-class accuracy and a confusion-matrix picture of a checkpoint on the test set.");

    public Option<string> Dataset { get; } = Choice("--dataset", ReferenceDefaults.Dataset, "Data set whose test split is evaluated.", ReferenceDefaults.DatasetClasses.Keys);
    public Option<string?> DataPath { get; } = Text("--data-path", "Folder holding the data set's files (default: data/<dataset>).");
    public Option<string?> Checkpoint { get; } = Text("--checkpoint", "A run's model file (model.metasemi, no -a needed), or its checkpoint or model_best (with -a).", required: true, "--checkpoint-path");
    public Option<string> Arch { get; } = new("--arch", "-a") { Description = "Network architecture of a checkpoint (a model file names its own): " + string.Join(", ", MetaSemi.Models.ModelZoo.Architectures) + ".", DefaultValueFactory = _ => ReferenceDefaults.Arch };
    public Option<int> BatchSize { get; } = Int("--batch-size", ReferenceDefaults.TestBatchSize, "Images per forward pass.", 1);
    public Option<string?> SavePath { get; } = Text("--save-path", "Folder for confusion-matrix.png (default: the checkpoint's folder).");
    public Option<string> Device { get; } = CliOptionFactory.Device();
    public Option<bool> Gpu { get; } = CliOptionFactory.Gpu();
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public EvaluateCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var dataset = result.GetValue(Dataset)!;
        var checkpoint = result.GetValue(Checkpoint)!;
        return new EvaluateCommandOptions
        {
            Dataset = dataset,
            DataPath = result.GetValue(DataPath) ?? ReferenceDefaults.DataPathFor(dataset),
            Checkpoint = checkpoint,
            Arch = result.GetValue(Arch)!.Trim().ToLowerInvariant(),
            ArchGiven = result.GetResult(Arch) is { Implicit: false },
            BatchSize = result.GetValue(BatchSize),
            SavePath = result.GetValue(SavePath) ?? (Path.GetDirectoryName(Path.GetFullPath(checkpoint)) ?? "."),
            Device = CommandResultChecks.ResolveDevice(result, Gpu, Device),
            Verbose = result.GetValue(Verbose),
        };
    }
}
