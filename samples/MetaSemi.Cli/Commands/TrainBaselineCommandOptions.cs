namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi train-baseline</c>: the supervised baseline on the labelled subset only (the reference's <c>train_baseline.py</c>).</summary>
internal sealed record TrainBaselineCommandOptions
{
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
    public string Arch { get; init; } = ReferenceDefaults.Arch;

    /// <summary>Mixup between two labelled batches.</summary>
    public bool MixUp { get; init; }
    public double Alpha { get; init; } = ReferenceDefaults.Alpha;
    public int TotalSteps { get; init; } = ReferenceDefaults.TotalSteps;
    public int BatchSize { get; init; } = ReferenceDefaults.BatchSize;
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
    public string SavePath { get; init; } = ReferenceDefaults.SavePathFor(ReferenceDefaults.Dataset, ReferenceDefaults.NumLabel, "baseline");
    public string? Resume { get; init; }
    public string Device { get; init; } = ReferenceDefaults.Device;
    public string? LabelIndices { get; init; }
    public string? Config { get; init; }
    public bool Verbose { get; init; }
}
