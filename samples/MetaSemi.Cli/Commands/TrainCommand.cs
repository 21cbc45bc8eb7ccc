using System.CommandLine;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi train</c>: parses into <see cref="TrainCommandOptions"/>.</summary>
internal sealed class TrainCommand
{
    public TrainCommand()
    {
        Shared.AddTo(Command, Weight, Epsilon, MetaGradient);
        Algorithms = new AlgorithmFlags(MetaSemi.Algorithms.AlgorithmRegistry.Default, [.. Command.Options.SelectMany(o => o.Aliases.Append(o.Name))]);
        foreach (var option in Algorithms.Options)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(Algorithms.Validate);
    }

    public Command Command { get; } = new("train", "Train MetaSemi (the reference's train_meta.py), or with --algorithm any registered algorithm, on labelled + unlabelled data.");

    /// <summary>--algorithm and each algorithm's generated flags.</summary>
    public AlgorithmFlags Algorithms { get; }

    public TrainingOptionSet Shared { get; } = new();

    public Option<double> Weight { get; } = Number("--weight", ReferenceDefaults.Weight, "Consistency weight w (ramped up over --warmup).", NonNegative);

    public Option<double> Epsilon { get; } = Number("--epsilon", ReferenceDefaults.Epsilon, "Finite-difference step ε0 of the meta-gradient.", Positive);

    public Option<string> MetaGradient { get; } = CliOptionFactory.MetaGradient();

    public TrainCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = Shared;
        return new TrainCommandOptions
        {
            Dataset = result.GetValue(s.Dataset)!,
            DataPath = s.ResolveDataPath(result),
            NumLabel = s.ResolveNumLabel(result, baseline: false),
            ImageSize = result.GetValue(s.Folders.ImageSize),
            Channels = result.GetValue(s.Folders.Channels)!,
            ValidationPerClass = result.GetValue(s.Folders.ValidationPerClass),
            SkipBadImages = result.GetValue(s.Folders.SkipBadImages),
            Arch = result.GetValue(s.Arch)!.Trim().ToLowerInvariant(),
            MixUp = result.GetValue(s.MixUp),
            Alpha = result.GetValue(s.Alpha),
            Weight = result.GetValue(Weight),
            TotalSteps = result.GetValue(s.TotalSteps),
            BatchSize = result.GetValue(s.BatchSize),
            Epsilon = result.GetValue(Epsilon),
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
            SavePath = s.ResolveSavePath(result, result.GetValue(Algorithms.Algorithm) is var algorithm && algorithm == MetaSemi.Algorithms.MetaSemiAlgorithm.AlgorithmName ? "meta" : algorithm!),
            Algorithm = result.GetValue(Algorithms.Algorithm)!,
            AlgorithmFlags = Algorithms.Bind(result),
            Resume = result.GetValue(s.Resume),
            Device = CommandResultChecks.ResolveDevice(result, s.Gpu, s.Device),
            MetaGradient = ToMetaGradientMethod(result.GetValue(MetaGradient)!),
            LabelIndices = result.GetValue(s.LabelIndices),
            Config = result.GetValue(s.Config),
            Verbose = result.GetValue(s.Verbose),
        };
    }
}
