using System.CommandLine;
using System.Globalization;
using MetaSemi.Algorithms;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi meta-step</c>: parses into <see cref="MetaStepCommandOptions"/>.</summary>
internal sealed class MetaStepCommand
{
    public MetaStepCommand()
    {
        Option[] all = [Dataset, DataPath, Checkpoint, LabelIndices, Arch, BatchSize, Batches, LearningRates, Epsilon, MetaGradient, Seed, Device, Gpu, Verbose];
        foreach (var option in all)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            result.ConvertAllGiven();
            result.RequireDataPath(Dataset, DataPath);

            result.RequireFile(Checkpoint, "the trained model");
            result.RequireFile(LabelIndices, "the run's label_indices.txt");
            if (result.TryGet(MetaGradient, out var method) && method == MetaGradientMethod.None)
            {
                result.AddError("--meta-gradient none has no meta step to inspect; use finite-difference or exact.");
            }

            result.CheckGpuAlias(Gpu, Device);
        });
    }

    public Command Command { get; } = new("meta-step",
        "What the meta step does to a checkpoint's pseudo-labels on unlabelled training batches: how far ŷ moves from the prediction p, how often its "
        + "argmax changes, and (from the data set's hidden labels) the pseudo-label accuracy before and after, with the labels it fixes and breaks.");

    public Option<string> Dataset { get; } = Choice("--dataset", ReferenceDefaults.Dataset, "Data set the model was trained on.", ReferenceDefaults.DatasetClasses.Keys);
    public Option<string?> DataPath { get; } = Text("--data-path", "Folder holding the data set's files (default: data/<dataset>).");
    public Option<string?> Checkpoint { get; } = Text("--checkpoint", "Trained model (a run's checkpoint or model_best).", required: true, "--checkpoint-path");
    public Option<string?> LabelIndices { get; } = Text("--label-indices", "The run's label_indices.txt (labelled batches come from it, unlabelled ones from the rest).", required: true, "--index-path");
    public Option<string> Arch { get; } = new("--arch", "-a") { Description = "Network architecture of the checkpoint.", DefaultValueFactory = _ => ReferenceDefaults.Arch };
    public Option<int> BatchSize { get; } = Int("--batch-size", ReferenceDefaults.BatchSize, "Images per labelled and per unlabelled batch.", 1);
    public Option<int> Batches { get; } = Int("--batches", 20, "Batch pairs to measure on.", 1);
    public Option<double[]> LearningRates { get; } = new("--lr")
    {
        Description = "Learning rate(s) lr_t of the meta update ŷ = p − lr_t·G; several give one row each.",
        DefaultValueFactory = _ => [ReferenceDefaults.LearningRate],
        AllowMultipleArgumentsPerToken = true,
        CustomParser = r =>
        {
            var values = new List<double>();
            foreach (var token in r.Tokens)
            {
                if (!double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 0) || double.IsInfinity(v))
                {
                    r.AddError($"--lr '{token.Value}': expected a number >= 0.");
                    return [];
                }

                values.Add(v);
            }

            return [.. values];
        },
    };

    public Option<double> Epsilon { get; } = Number("--epsilon", ReferenceDefaults.Epsilon, "Finite-difference step ε0 of the meta-gradient.", MetaGradientOptions.EpsilonRule);
    public Option<MetaGradientMethod> MetaGradient { get; } = CliOptionFactory.MetaGradient();
    public Option<int> Seed { get; } = Int("--seed", ReferenceDefaults.Seed, "Seed of the batch order and augmentation.", 0);
    public Option<string> Device { get; } = CliOptionFactory.Device();
    public Option<bool> Gpu { get; } = CliOptionFactory.Gpu();
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public MetaStepCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var dataset = result.GetValue(Dataset)!;
        return new MetaStepCommandOptions
        {
            Dataset = dataset,
            DataPath = result.GetValue(DataPath) ?? ReferenceDefaults.DataPathFor(dataset),
            Checkpoint = result.GetValue(Checkpoint)!,
            LabelIndices = result.GetValue(LabelIndices)!,
            Arch = result.GetValue(Arch)!.Trim().ToLowerInvariant(),
            BatchSize = result.GetValue(BatchSize),
            Batches = result.GetValue(Batches),
            LearningRates = result.GetValue(LearningRates) ?? [ReferenceDefaults.LearningRate],
            Epsilon = result.GetValue(Epsilon),
            MetaGradient = result.GetValue(MetaGradient),
            Seed = result.GetValue(Seed),
            Device = CommandResultChecks.ResolveDevice(result, Gpu, Device),
            Verbose = result.GetValue(Verbose),
        };
    }
}
