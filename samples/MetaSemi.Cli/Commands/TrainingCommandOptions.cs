using MetaSemi.Algorithms;

namespace MetaSemi.Cli.Commands;

/// <summary>
/// The parsed options of <c>metasemi train</c> (MetaSemi or the <c>--algorithm</c>: the reference's <c>train_meta.py</c>)
/// and of <c>metasemi train-baseline</c> (the reference's <c>train_baseline.py</c>). The options only <c>train</c> has are
/// null for <c>train-baseline</c>, so its <c>args.json</c> lists only its own flags and replays with <c>--config</c>.
/// </summary>
internal sealed record TrainingCommandOptions
{
    /// <summary>What <c>train-baseline</c> gets before its flags: <c>train</c>'s own options absent, its own run folder.</summary>
    public static TrainingCommandOptions BaselineDefaults { get; } = new()
    {
        Weight = null,
        Epsilon = null,
        MetaGradient = null,
        Algorithm = null,
        SavePath = ReferenceDefaults.SavePathFor(ReferenceDefaults.Dataset, ReferenceDefaults.NumLabel, "baseline"),
    };

    public string Dataset { get; init; } = ReferenceDefaults.Dataset;
    public string DataPath { get; init; } = ReferenceDefaults.DataPathFor(ReferenceDefaults.Dataset);
    public int NumLabel { get; init; } = ReferenceDefaults.NumLabel;

    /// <summary><c>--dataset folders</c>: the input side (null: the architecture's natural size).</summary>
    public int? ImageSize { get; init; }

    /// <summary><c>--dataset folders</c>: <c>1</c>, <c>3</c> or <c>auto</c>.</summary>
    public string Channels { get; init; } = "auto";

    /// <summary><c>--dataset folders</c> without test/: images per class held out as the test set.</summary>
    public int? ValidationPerClass { get; init; }

    /// <summary><c>--dataset folders</c>: skip undecodable images (listed in the run folder) instead of stopping.</summary>
    public bool SkipBadImages { get; init; }

    /// <summary><c>--dataset folders</c>: <c>auto</c>, <c>on</c> or <c>off</c> (the on-disk cache of the unlabelled images).</summary>
    public string ImageCache { get; init; } = "auto";

    /// <summary><c>--dataset folders</c>: where image caches are kept (null: the per-user default).</summary>
    public string? CacheDir { get; init; }
    public string Arch { get; init; } = ReferenceDefaults.Arch;

    /// <summary><c>--pretrained</c>: <c>none</c> or <c>imagenet</c> (which sets <see cref="Arch"/> to the pretrained network).</summary>
    public string Pretrained { get; init; } = PretrainedOptionSet.None;

    /// <summary><c>--freeze</c>: the last frozen stage of the pretrained backbone (<c>none</c> … <c>backbone</c>).</summary>
    public string Freeze { get; init; } = "none";

    /// <summary><c>--backbone-lr-multiplier</c>: the pretrained backbone's learning rate over --lr.</summary>
    public double BackboneLrMultiplier { get; init; } = 1.0;

    /// <summary><c>--freeze-bn-stats</c>: keep the backbone's ImageNet BatchNorm statistics.</summary>
    public bool FreezeBnStats { get; init; }

    /// <summary>Mixup: <c>train</c> mixes with unlabelled images (or, for the supervised algorithm, labelled ones); <c>train-baseline</c> with unlabelled images and their eval-mode predictions.</summary>
    public bool MixUp { get; init; }
    public double Alpha { get; init; } = ReferenceDefaults.Alpha;

    /// <summary><c>train</c>: the consistency weight w; null for <c>train-baseline</c>.</summary>
    public double? Weight { get; init; } = ReferenceDefaults.Weight;
    public int TotalSteps { get; init; } = ReferenceDefaults.TotalSteps;
    public int BatchSize { get; init; } = ReferenceDefaults.BatchSize;

    /// <summary><c>train</c>: the finite-difference step ε0; null for <c>train-baseline</c>.</summary>
    public double? Epsilon { get; init; } = ReferenceDefaults.Epsilon;
    public double Lr { get; init; } = ReferenceDefaults.LearningRate;
    public int Warmup { get; init; } = ReferenceDefaults.Warmup;
    public double Gamma { get; init; } = ReferenceDefaults.Gamma;
    public IReadOnlyList<int> Milestones { get; init; } = ReferenceDefaults.Milestones;
    public double WeightDecay { get; init; } = ReferenceDefaults.WeightDecay;
    public double Momentum { get; init; } = ReferenceDefaults.Momentum;

    /// <summary><c>--nesterov</c>: Nesterov momentum.</summary>
    public bool Nesterov { get; init; }

    /// <summary><c>--lr-schedule</c>: <see cref="LearningRateSchedules.Step"/> or <see cref="LearningRateSchedules.Cosine"/>.</summary>
    public string LrSchedule { get; init; } = LearningRateSchedules.Step;
    public int Seed { get; init; } = ReferenceDefaults.Seed;
    public int PrintFreq { get; init; } = ReferenceDefaults.PrintFreq;
    public int TestFreq { get; init; } = ReferenceDefaults.TestFreq;
    public string SavePath { get; init; } = ReferenceDefaults.SavePathFor(ReferenceDefaults.Dataset, ReferenceDefaults.NumLabel, "meta");
    public string? Resume { get; init; }

    /// <summary><c>--recipe</c>: the defaults the flags not given took (<see cref="TrainingRecipes"/>).</summary>
    public string Recipe { get; init; } = TrainingRecipes.Paper;

    /// <summary><c>--threads</c>: libtorch's CPU threads, 0 for its default.</summary>
    public int Threads { get; init; }

    /// <summary><c>--init-from</c>: the checkpoint whose weights start a new run (a fork), or null.</summary>
    public string? InitFrom { get; init; }

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>, as <see cref="TorchDevices.Parse"/> reads it.</summary>
    public string Device { get; init; } = ReferenceDefaults.Device;

    /// <summary><c>--precision</c>: the arithmetic of the forward passes (docs/precision.md).</summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary><c>train</c>: MetaSemi's meta-gradient; null for <c>train-baseline</c>.</summary>
    public MetaGradientMethod? MetaGradient { get; init; } = MetaGradientMethod.FiniteDifference;

    /// <summary><c>train</c>: the registry name of the algorithm (<c>--algorithm</c>, MetaSemi by default); null for <c>train-baseline</c>, which is the reference's baseline.</summary>
    public string? Algorithm { get; init; } = MetaSemi.Algorithms.MetaSemiAlgorithm.AlgorithmName;

    /// <summary>The algorithm's generated flags the command line gave.</summary>
    public AlgorithmFlagValues AlgorithmFlags { get; init; } = AlgorithmFlagValues.Empty;
    public string? LabelIndices { get; init; }
    public string? Config { get; init; }
    public bool Verbose { get; init; }
}
