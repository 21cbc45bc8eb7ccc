using System.CommandLine;
using System.CommandLine.Parsing;
using MetaSemi.Algorithms;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi train-imagenet</c>: parses into <see cref="TrainImageNetCommandOptions"/>.</summary>
internal sealed class TrainImageNetCommand
{
    public TrainImageNetCommand()
    {
        Option[] all = [Data, Format, Arch, Baseline, MixUp, Alpha, Epochs, WarmupEpochs, BatchSize, Epsilon, Lr, WeightDecay, Momentum,
            Seed, PrintFreq, SavePath, Resume, Device, Gpu, MetaGradient, Config, Verbose];
        foreach (var option in all)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(Validate);
    }

    public Command Command { get; } = new("train-imagenet", "Train on ImageNet with a 10% labelled split, cosine schedule, top-1/top-5 (the reference's train_meta_imagenet.py; --baseline: train_imagenet.py).");

    public Option<string?> Data { get; } = Text("--data", "Folder with train_label/train_unlabel/val .rec+.idx+.lst packs, or labeled/ unlabeled/ val/ image folders.", required: true, "--data-path");
    public Option<string> Format { get; } = Choice("--format", "auto", "Input layout: auto, recordio or folder.", ["auto", "recordio", "folder"]);
    public Option<string> Arch { get; } = new("--arch", "-a") { Description = "Network architecture.", DefaultValueFactory = _ => ReferenceDefaults.ImageNetArch };
    public Option<bool> Baseline { get; } = Flag("--baseline", "Labelled data only (the supervised baseline).");
    public Option<bool> MixUp { get; } = Flag("--mix-up", "Mixup (on by default; --mix-up false turns it off).", defaultValue: true);
    public Option<double> Alpha { get; } = Number("--alpha", ReferenceDefaults.Alpha, "Mixup Beta(alpha, alpha) parameter.", MixupOptions.AlphaRule);
    public Option<int> Epochs { get; } = Int("--epochs", ReferenceDefaults.ImageNetEpochs, "Epochs over the unlabelled set.", 1);
    public Option<int> WarmupEpochs { get; } = Int("--warmup-epochs", ReferenceDefaults.ImageNetWarmupEpochs, "Linear warm-up epochs before cosine annealing.", 0);
    public Option<int> BatchSize { get; } = Int("--batch-size", ReferenceDefaults.ImageNetBatchSize, "Images per batch and worker.", 1);
    public Option<double> Epsilon { get; } = Number("--epsilon", ReferenceDefaults.Epsilon, "Finite-difference step ε0 of the meta-gradient.", MetaGradientOptions.EpsilonRule);
    public Option<double> Lr { get; } = Number("--lr", ReferenceDefaults.LearningRate, "Peak learning rate.", SgdOptions.LearningRateRule);
    public Option<double> WeightDecay { get; } = Number("--weight-decay", ReferenceDefaults.WeightDecay, "SGD weight decay.", SgdOptions.WeightDecayRule);
    public Option<double> Momentum { get; } = Number("--momentum", ReferenceDefaults.Momentum, "SGD momentum.", SgdOptions.MomentumRule);
    public Option<int> Seed { get; } = Int("--seed", ReferenceDefaults.Seed, "Seed of every random source.", 0);
    public Option<int> PrintFreq { get; } = Int("--print-freq", ReferenceDefaults.PrintFreq, "Steps between log lines.", 1);
    public Option<string?> SavePath { get; } = Text("--save-path", "Run folder (default: results/imagenet-meta, or results/imagenet-baseline with --baseline).");
    public Option<string?> Resume { get; } = Text("--resume", "The run folder's checkpoint to continue that run from, in its own folder (--save-path defaults to the checkpoint's folder).");
    public Option<string> Device { get; } = CliOptionFactory.Device();
    public Option<bool> Gpu { get; } = CliOptionFactory.Gpu();
    public Option<MetaGradientMethod> MetaGradient { get; } = CliOptionFactory.MetaGradient();
    public Option<string?> Config { get; } = Text("--config", "JSON file of options, keys named as the flags; the command line wins.");
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public TrainImageNetCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        bool baseline = result.GetValue(Baseline);
        return new TrainImageNetCommandOptions
        {
            Data = result.GetValue(Data)!,
            Format = result.GetValue(Format) switch { "recordio" => ImageNetFormat.RecordIO, "folder" => ImageNetFormat.Folder, _ => ImageNetFormat.Auto },
            Arch = result.GetValue(Arch)!.Trim().ToLowerInvariant(),
            Baseline = baseline,
            MixUp = result.GetValue(MixUp),
            Alpha = result.GetValue(Alpha),
            Epochs = result.GetValue(Epochs),
            WarmupEpochs = result.GetValue(WarmupEpochs),
            BatchSize = result.GetValue(BatchSize),
            Epsilon = result.GetValue(Epsilon),
            Lr = result.GetValue(Lr),
            WeightDecay = result.GetValue(WeightDecay),
            Momentum = result.GetValue(Momentum),
            Seed = result.GetValue(Seed),
            PrintFreq = result.GetValue(PrintFreq),
            SavePath = result.GetValue(SavePath)
                ?? (result.GetValue(Resume) is { } resume ? Path.GetDirectoryName(resume) is { Length: > 0 } own ? own : "." : null)
                ?? Path.Combine("results", baseline ? "imagenet-baseline" : "imagenet-meta"),
            Resume = result.GetValue(Resume),
            Device = CommandResultChecks.ResolveDevice(result, Gpu, Device),
            MetaGradient = result.GetValue(MetaGradient),
            Config = result.GetValue(Config),
            Verbose = result.GetValue(Verbose),
        };
    }

    private void Validate(CommandResult result)
    {
        result.ConvertAllGiven();
        if (result.TryGet(Data, out var data))
        {
            result.RequireDirectory(data, "--data", "the ImageNet packs or folders");
        }

        if (result.TryGet(WarmupEpochs, out var warmup) && result.TryGet(Epochs, out var epochs) && warmup >= epochs)
        {
            result.AddError($"--warmup-epochs {warmup} must be smaller than --epochs {epochs}.");
        }

        result.RequireFile(Resume, "the checkpoint to resume from");
        result.RequireFile(Config, "JSON options");
        result.CheckGpuAlias(Gpu, Device);
    }
}
