namespace MetaSemi.Cli.Commands;

/// <summary>The reference implementation's defaults (docs/design.md §2), shared by the option records and the parser.</summary>
internal static class ReferenceDefaults
{
    public const string Dataset = "cifar10";
    public const int NumLabel = 4000;
    public const string Arch = "convlarge";
    public const double Alpha = 1.0;
    public const double Weight = 1.0;
    public const int TotalSteps = 400_000;
    public const int BatchSize = 128;
    public const double Epsilon = MetaSemi.Algorithms.FiniteDifferenceMetaGradient.DefaultEpsilon;
    public const double LearningRate = 0.1;
    public const int Warmup = 4000;
    public const double Gamma = 0.1;
    public static readonly IReadOnlyList<int> Milestones = [300_000, 350_000];
    public const double WeightDecay = 1e-4;
    public const double Momentum = 0.9;
    public const int Seed = 1234;
    public const int PrintFreq = 100;
    public const int TestFreq = 400;
    public const int TestBatchSize = 100;
    public const string Device = "cpu";

    public const string ImageNetArch = "resnet18";
    public const int ImageNetBatchSize = 64;
    public const int ImageNetEpochs = 600;
    public const int ImageNetWarmupEpochs = 5;
    public const double ImageNetLabeledFraction = 0.1;

    public const int FeaturePoints = 5000;
    public const double Perplexity = 30;
    public const int TsneIterations = 1000;

    /// <summary>Data sets <c>--dataset</c> accepts, with their class counts (0: read from the folder).</summary>
    public static readonly IReadOnlyDictionary<string, int> DatasetClasses = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["cifar10"] = 10,
        ["cifar100"] = 100,
        ["svhn"] = 10,
        ["fashion-mnist"] = 10,
        ["mnist"] = 10,
        ["folder"] = 0,
        ["folders"] = 0,
    };

    /// <summary><c>--data-path</c> when none is given: <c>data/&lt;dataset&gt;</c>.</summary>
    public static string DataPathFor(string dataset) => Path.Combine("data", dataset);

    /// <summary><c>--save-path</c> of a training run when none is given.</summary>
    public static string SavePathFor(string dataset, int numLabel, string method) => Path.Combine("results", $"{dataset}-{numLabel}-{method}");
}
