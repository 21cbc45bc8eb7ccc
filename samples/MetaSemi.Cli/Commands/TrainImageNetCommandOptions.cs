using MetaSemi.Algorithms;

namespace MetaSemi.Cli.Commands;

/// <summary>Input layout of <c>train-imagenet</c>.</summary>
internal enum ImageNetFormat
{
    /// <summary>RecordIO when <c>train_label.rec</c> is present in the data folder, else image folders.</summary>
    Auto,

    /// <summary><c>train_label</c>, <c>train_unlabel</c> and <c>val</c> <c>.rec/.idx/.lst</c> packs.</summary>
    RecordIO,

    /// <summary><c>labeled/</c>, <c>unlabeled/</c> and <c>val/</c> folders of class sub-folders.</summary>
    Folder,
}

/// <summary><c>metasemi train-imagenet</c>: the reference's <c>train_meta_imagenet.py</c> (and <c>train_imagenet.py</c> with <c>--baseline</c>).</summary>
internal sealed record TrainImageNetCommandOptions
{
    public required string Data { get; init; }
    public ImageNetFormat Format { get; init; } = ImageNetFormat.Auto;
    public string Arch { get; init; } = ReferenceDefaults.ImageNetArch;
    public bool Baseline { get; init; }
    public bool MixUp { get; init; } = true;
    public double Alpha { get; init; } = ReferenceDefaults.Alpha;
    public int Epochs { get; init; } = ReferenceDefaults.ImageNetEpochs;
    public int WarmupEpochs { get; init; } = ReferenceDefaults.ImageNetWarmupEpochs;
    public int BatchSize { get; init; } = ReferenceDefaults.ImageNetBatchSize;
    public double Epsilon { get; init; } = ReferenceDefaults.Epsilon;
    public double Lr { get; init; } = ReferenceDefaults.LearningRate;
    public double WeightDecay { get; init; } = ReferenceDefaults.WeightDecay;
    public double Momentum { get; init; } = ReferenceDefaults.Momentum;
    public int Seed { get; init; } = ReferenceDefaults.Seed;
    public int PrintFreq { get; init; } = ReferenceDefaults.PrintFreq;
    public string SavePath { get; init; } = Path.Combine("results", "imagenet-meta");
    public string? Resume { get; init; }
    public string Device { get; init; } = ReferenceDefaults.Device;
    public MetaGradientMethod MetaGradient { get; init; } = MetaGradientMethod.FiniteDifference;
    public string? Config { get; init; }
    public bool Verbose { get; init; }
}
