using System.CommandLine;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi train-baseline</c>: parses into <see cref="TrainBaselineCommandOptions"/>.</summary>
internal sealed class TrainBaselineCommand
{
    public TrainBaselineCommand()
    {
        Shared.AddTo(Command);

        // The reference's train_baseline.py spelt this flag with an underscore.
        Shared.SavePath.Aliases.Add("--save_path");
    }

    public Command Command { get; } = new("train-baseline", "Train the supervised baseline on the labelled subset only (the reference's train_baseline.py).");

    public TrainingOptionSet Shared { get; } = new();

    public TrainBaselineCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = Shared;
        return new TrainBaselineCommandOptions
        {
            Dataset = result.GetValue(s.Dataset)!,
            DataPath = s.ResolveDataPath(result),
            NumLabel = s.ResolveNumLabel(result, baseline: true),
            ImageSize = result.GetValue(s.Folders.ImageSize),
            Channels = result.GetValue(s.Folders.Channels)!,
            ValidationPerClass = result.GetValue(s.Folders.ValidationPerClass),
            SkipBadImages = result.GetValue(s.Folders.SkipBadImages),
            Arch = result.GetValue(s.Arch)!.Trim().ToLowerInvariant(),
            MixUp = result.GetValue(s.MixUp),
            Alpha = result.GetValue(s.Alpha),
            TotalSteps = result.GetValue(s.TotalSteps),
            BatchSize = result.GetValue(s.BatchSize),
            Lr = result.GetValue(s.Lr),
            Warmup = result.GetValue(s.Warmup),
            Gamma = result.GetValue(s.Gamma),
            Milestones = result.GetValue(s.Milestones)!,
            WeightDecay = result.GetValue(s.WeightDecay),
            Momentum = result.GetValue(s.Momentum),
            Nesterov = result.GetValue(s.Nesterov),
            LrSchedule = result.GetValue(s.LrSchedule)!,
            Seed = result.GetValue(s.Seed),
            PrintFreq = result.GetValue(s.PrintFreq),
            TestFreq = result.GetValue(s.TestFreq),
            SavePath = s.ResolveSavePath(result, "baseline"),
            Resume = result.GetValue(s.Resume),
            Device = CommandResultChecks.ResolveDevice(result, s.Gpu, s.Device),
            LabelIndices = result.GetValue(s.LabelIndices),
            Config = result.GetValue(s.Config),
            Verbose = result.GetValue(s.Verbose),
        };
    }
}
