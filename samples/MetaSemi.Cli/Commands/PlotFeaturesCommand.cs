using System.CommandLine;
using System.CommandLine.Parsing;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi plot-features</c>: parses into <see cref="PlotFeaturesCommandOptions"/>.</summary>
internal sealed class PlotFeaturesCommand
{
    public PlotFeaturesCommand()
    {
        Option[] all = [Dataset, DataPath, CheckpointPath, IndexPath, SavePath, Arch, NumPoint, Perplexity, TsneIterations, BatchSize, Seed, Device, Gpu, Verbose];
        foreach (var option in all)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            result.ConvertAllGiven();
            result.RequireDataPath(Dataset, DataPath);

            result.RequireFile(CheckpointPath, "the trained model");
            result.RequireFile(IndexPath, "the run's label_indices.txt");
            if (result.TryGet(NumPoint, out var points) && result.TryGet(Perplexity, out var perplexity) && perplexity >= points - 1)
            {
                result.AddError($"--perplexity {perplexity} must be smaller than --num-point {points} minus one.");
            }

            result.CheckGpuAlias(Gpu, Device);
        });
    }

    public Command Command { get; } = new("plot-features", "Draw the paper's Fig. 3: t-SNE of the features of labelled, unlabelled and test images (the reference's plot_features.py).");

    public Option<string> Dataset { get; } = Choice("--dataset", ReferenceDefaults.Dataset, "Data set the model was trained on.", ReferenceDefaults.DatasetClasses.Keys);
    public Option<string?> DataPath { get; } = Text("--data-path", "Folder holding the data set's files (default: data/<dataset>).");
    public Option<string?> CheckpointPath { get; } = Text("--checkpoint-path", "Trained model: a run's model file (model.metasemi, no -a needed) or model_best (with -a).", required: true, "--checkpoint");
    public Option<string?> IndexPath { get; } = Text("--index-path", "The run's label_indices.txt.", required: true);
    public Option<string?> SavePath { get; } = Text("--save-path", "Folder for features.png.", required: true);
    public Option<string> Arch { get; } = new("--arch", "-a") { Description = "Network architecture of a checkpoint (a model file names its own): " + string.Join(", ", MetaSemi.Models.ModelZoo.Architectures) + ".", DefaultValueFactory = _ => ReferenceDefaults.Arch };
    public Option<int> NumPoint { get; } = Int("--num-point", ReferenceDefaults.FeaturePoints, "Points drawn (split over labelled, unlabelled and test images).", 10);
    public Option<double> Perplexity { get; } = Number("--perplexity", ReferenceDefaults.Perplexity, "t-SNE perplexity.", Positive);
    public Option<int> TsneIterations { get; } = Int("--tsne-iterations", ReferenceDefaults.TsneIterations, "t-SNE gradient steps.", 1);
    public Option<int> BatchSize { get; } = Int("--batch-size", ReferenceDefaults.TestBatchSize, "Images per forward pass.", 1);
    public Option<int> Seed { get; } = Int("--seed", ReferenceDefaults.Seed, "Seed of the point sample and of t-SNE.", 0);
    public Option<string> Device { get; } = CliOptionFactory.Device();
    public Option<bool> Gpu { get; } = CliOptionFactory.Gpu();
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public PlotFeaturesCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var dataset = result.GetValue(Dataset)!;
        return new PlotFeaturesCommandOptions
        {
            Dataset = dataset,
            DataPath = result.GetValue(DataPath) ?? ReferenceDefaults.DataPathFor(dataset),
            CheckpointPath = result.GetValue(CheckpointPath)!,
            IndexPath = result.GetValue(IndexPath)!,
            SavePath = result.GetValue(SavePath)!,
            Arch = result.GetValue(Arch)!.Trim().ToLowerInvariant(),
            ArchGiven = result.GetResult(Arch) is { Implicit: false },
            NumPoint = result.GetValue(NumPoint),
            Perplexity = result.GetValue(Perplexity),
            TsneIterations = result.GetValue(TsneIterations),
            BatchSize = result.GetValue(BatchSize),
            Seed = result.GetValue(Seed),
            Device = CommandResultChecks.ResolveDevice(result, Gpu, Device),
            Verbose = result.GetValue(Verbose),
        };
    }
}
