using System.CommandLine;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi linear-probe</c>: parses into <see cref="LinearProbeCommandOptions"/>.</summary>
internal sealed class LinearProbeCommand
{
    private static readonly string[] Datasets = [.. ReferenceDefaults.DatasetClasses.Keys.Where(d => d is not (FolderDataOptionSet.Dataset or "folder"))];

    public LinearProbeCommand()
    {
        Option[] all = [Dataset, DataPath, NumLabel, Seed, ImageSize, SavePath, FeatureCache, WeightDecay, Iterations, BatchSize, Verbose];
        foreach (var option in all)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            result.ConvertAllGiven();
            result.RequireDataPath(Dataset, DataPath);
            if (result.TryGet(ImageSize, out var size) && size is int side && side % 32 != 0)
            {
                result.AddError($"--image-size {side} must be a multiple of 32 (the ResNet halves the side five times).");
            }
        });
    }

    public Command Command { get; } = new("linear-probe",
        "Fit a logistic regression on the frozen ImageNet ResNet-18's features of the labelled images, in seconds once the features are cached; test accuracy and a model file (predict, export). The baseline a fine-tuned run has to beat.");

    public Option<string> Dataset { get; } = Choice("--dataset", "fashion-mnist", "Data set (its train and test parts).", Datasets);
    public Option<string?> DataPath { get; } = Text("--data-path", "Folder holding the data set's files (default: data/<dataset>).");
    public Option<int> NumLabel { get; } = Int("--num-label", 250, "Number of labelled training images, class-balanced (a multiple of the number of classes).", 1);
    public Option<int> Seed { get; } = Int("--seed", 1, "Seed of the labelled split and of the regression's initial weights.", 0);
    public Option<int?> ImageSize { get; } = new("--image-size") { Description = "Input side of the network, a multiple of 32 (default: 64 for images of 32 px or less, else the images' own)." };
    public Option<string?> SavePath { get; } = Text("--save-path", "Run folder for model.metasemi and label_indices.txt (default: runs/linear-probe).");
    public Option<string?> FeatureCache { get; } = Text("--feature-cache", "Folder of cached features (default: $XDG_CACHE_HOME/metasemi/features, else ~/.cache/metasemi/features).");
    public Option<double> WeightDecay { get; } = Number("--weight-decay", 1e-3, "λ of the L2 penalty on the standardised weights.", NonNegative);
    public Option<int> Iterations { get; } = Int("--iterations", 500, "Full-batch Adam steps of the regression.", 1);
    public Option<int> BatchSize { get; } = Int("--batch-size", 64, "Images per forward pass of the network.", 1);
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public LinearProbeCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var dataset = result.GetValue(Dataset)!;
        return new LinearProbeCommandOptions
        {
            Dataset = dataset,
            DataPath = result.GetValue(DataPath) ?? ReferenceDefaults.DataPathFor(dataset),
            NumLabel = result.GetValue(NumLabel),
            Seed = result.GetValue(Seed),
            ImageSize = result.GetValue(ImageSize),
            SavePath = result.GetValue(SavePath) ?? Path.Combine("runs", "linear-probe"),
            FeatureCache = result.GetValue(FeatureCache) ?? DefaultFeatureCache(),
            WeightDecay = result.GetValue(WeightDecay),
            Iterations = result.GetValue(Iterations),
            BatchSize = result.GetValue(BatchSize),
            Verbose = result.GetValue(Verbose),
        };
    }

    private static string DefaultFeatureCache()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "metasemi", "features");
    }
}
