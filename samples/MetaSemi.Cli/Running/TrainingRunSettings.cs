using MetaSemi.Cli.Commands;

namespace MetaSemi.Cli.Running;

/// <summary>What <c>train</c> and <c>train-baseline</c> share once parsed: one in-memory data set, one run folder.</summary>
internal sealed record TrainingRunSettings
{
    /// <summary><c>meta</c> (MetaSemi), <c>baseline</c> (the reference's baseline) or another algorithm's name: the run's label.</summary>
    public required string Method { get; init; }

    /// <summary>The algorithm's registry name.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The algorithm's generated flags.</summary>
    public AlgorithmFlagValues AlgorithmFlags { get; init; } = AlgorithmFlagValues.Empty;
    public required string Dataset { get; init; }
    public required string DataPath { get; init; }
    public required int NumLabel { get; init; }
    public required string Arch { get; init; }
    public required bool MixUp { get; init; }
    public required double Alpha { get; init; }
    public double Weight { get; init; }
    public required int TotalSteps { get; init; }
    public required int BatchSize { get; init; }
    public double Epsilon { get; init; } = ReferenceDefaults.Epsilon;
    public required double Lr { get; init; }
    public required int Warmup { get; init; }
    public required double Gamma { get; init; }
    public required IReadOnlyList<int> Milestones { get; init; }
    public required double WeightDecay { get; init; }
    public required double Momentum { get; init; }
    public bool Nesterov { get; init; }
    public string LrSchedule { get; init; } = LearningRateSchedules.Step;
    public required int Seed { get; init; }
    public required int PrintFreq { get; init; }
    public required int TestFreq { get; init; }
    public required string SavePath { get; init; }
    public string? Resume { get; init; }

    /// <summary>libtorch's CPU threads (<c>--threads</c>); 0 leaves its default.</summary>
    public int Threads { get; init; }

    /// <summary>The checkpoint whose weights start this new run (<c>--init-from</c>), or null.</summary>
    public string? InitFrom { get; init; }

    /// <summary>The run's identity, decided before anything is written (<see cref="RunLineage"/>); null: the trainer's choice.</summary>
    public string? RunId { get; init; }
    public required string Device { get; init; }
    public Precision Precision { get; init; } = Precision.Float32;
    public MetaSemi.Algorithms.MetaGradientMethod MetaGradient { get; init; } = MetaSemi.Algorithms.MetaGradientMethod.FiniteDifference;
    public string? LabelIndices { get; init; }

    /// <summary>
    /// The algorithm's options from the reference flags' typed values (where its options have those fields) and its
    /// generated flags: for MetaSemi the <see cref="MetaSemi.Algorithms.MetaSemiAlgorithmOptions"/> that <c>UseMetaSemi</c> edits.
    /// </summary>
    public MetaSemi.Algorithms.IAlgorithmOptions AlgorithmOptions() => Commands.AlgorithmFlags.OptionsFor(Algorithm, new Dictionary<string, object>
    {
        ["Mixup.Enabled"] = MixUp,
        ["Mixup.Alpha"] = Alpha,
        ["MetaGradient.Method"] = MetaGradient,
        ["MetaGradient.Epsilon"] = Epsilon,
        ["Consistency.Weight"] = Weight,
        ["Consistency.RampSteps"] = (long)Warmup,
    }, AlgorithmFlags);

    /// <summary>What the algorithm needs from the data (whether it reads the unlabelled pool, its views and μ).</summary>
    public MetaSemi.Algorithms.AlgorithmRequirements Requirements => MetaSemi.Algorithms.AlgorithmRegistry.Default.Get(Algorithm).Create(AlgorithmOptions()).Requirements;

    /// <summary>Whether the algorithm reads the unlabelled pool (else both batches of a pair come from the labelled examples).</summary>
    public bool UsesUnlabeledData => Requirements.UsesUnlabeledData;

    /// <summary><c>--dataset folders</c>: <c>--image-size</c>, <c>--channels</c>, <c>--validation-per-class</c>, <c>--skip-bad-images</c>.</summary>
    public int? ImageSize { get; init; }
    public string Channels { get; init; } = "auto";
    public int? ValidationPerClass { get; init; }
    public bool SkipBadImages { get; init; }
    public string ImageCache { get; init; } = "auto";
    public string? CacheDir { get; init; }

    /// <summary>The pretrained network's fine-tuning (<c>--freeze</c>, <c>--backbone-lr-multiplier</c>, <c>--freeze-bn-stats</c>).</summary>
    public MetaSemi.Models.Pretrained.FineTuningOptions FineTuning { get; init; } = MetaSemi.Models.Pretrained.FineTuningOptions.Default;

    /// <summary>Whether the run trains the ImageNet-pretrained network.</summary>
    public bool IsPretrained => string.Equals(Arch, MetaSemi.Models.ModelZoo.ImageNetResNet18, StringComparison.OrdinalIgnoreCase);

    public static TrainingRunSettings From(TrainingCommandOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        string algorithm = o.Algorithm ?? MetaSemi.Algorithms.ReferenceBaselineAlgorithm.AlgorithmName;
        string method = o.Algorithm is null ? "baseline" : o.Algorithm == MetaSemi.Algorithms.MetaSemiAlgorithm.AlgorithmName ? "meta" : o.Algorithm;
        return new()
        {
            Method = method, Algorithm = algorithm, AlgorithmFlags = o.AlgorithmFlags, Dataset = o.Dataset, DataPath = o.DataPath, NumLabel = o.NumLabel, Arch = o.Arch, MixUp = o.MixUp, Alpha = o.Alpha,
            Weight = o.Weight ?? 0, TotalSteps = o.TotalSteps, BatchSize = o.BatchSize, Epsilon = o.Epsilon ?? ReferenceDefaults.Epsilon, Lr = o.Lr, Warmup = o.Warmup, Gamma = o.Gamma,
            Milestones = o.Milestones, WeightDecay = o.WeightDecay, Momentum = o.Momentum, Nesterov = o.Nesterov, LrSchedule = o.LrSchedule, Seed = o.Seed, PrintFreq = o.PrintFreq, TestFreq = o.TestFreq,
            SavePath = o.SavePath, Resume = o.Resume, InitFrom = o.InitFrom, Threads = o.Threads, Device = o.Device, Precision = o.Precision, MetaGradient = o.MetaGradient ?? MetaSemi.Algorithms.MetaGradientMethod.FiniteDifference, LabelIndices = o.LabelIndices,
            ImageSize = o.ImageSize, Channels = o.Channels, ValidationPerClass = o.ValidationPerClass, SkipBadImages = o.SkipBadImages, ImageCache = o.ImageCache, CacheDir = o.CacheDir,
            FineTuning = PretrainedOptionSet.FineTuning(o.Freeze, o.BackboneLrMultiplier, o.FreezeBnStats),
        };
    }
}
