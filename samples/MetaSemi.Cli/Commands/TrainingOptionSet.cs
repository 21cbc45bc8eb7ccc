using System.CommandLine;
using System.CommandLine.Parsing;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary>The options <c>train</c> and <c>train-baseline</c> share (docs/design.md §2.4 schedule, §3 data, run folder).</summary>
internal sealed class TrainingOptionSet
{
    public Option<string> Dataset { get; } = Choice("--dataset", ReferenceDefaults.Dataset, "Data set: " + string.Join(", ", ReferenceDefaults.DatasetClasses.Keys) + ".", ReferenceDefaults.DatasetClasses.Keys);
    public Option<string?> DataPath { get; } = Text("--data-path", "Folder holding the data set's files (default: data/<dataset>).");
    public Option<int> NumLabel { get; } = Int("--num-label", ReferenceDefaults.NumLabel, "Number of labelled training images, class-balanced (a multiple of the number of classes); 0 on image folders: every labelled image (the default of --dataset folders, and of train-baseline on --dataset folder).", 0);
    public Option<string> Arch { get; } = new("--arch", "-a") { Description = "Network architecture from the model zoo: " + string.Join(", ", MetaSemi.Models.ModelZoo.Architectures) + ".", DefaultValueFactory = _ => ReferenceDefaults.Arch };
    public Option<bool> MixUp { get; } = Flag("--mix-up", "Mixup: each labelled image with an unlabelled one (train: the label with the meta-step pseudo-label; train-baseline: with the eval-mode prediction); supervised: between labelled images. On in every reference command.");
    public Option<double> Alpha { get; } = Number("--alpha", ReferenceDefaults.Alpha, "Mixup Beta(alpha, alpha) parameter.", MixupOptions.AlphaRule);
    public Option<int> TotalSteps { get; } = Int("--total-steps", ReferenceDefaults.TotalSteps, "Training steps.", 1);
    public Option<int> BatchSize { get; } = Int("--batch-size", ReferenceDefaults.BatchSize, "Images per labelled (and per unlabelled) batch.", 1);
    public Option<double> Lr { get; } = Number("--lr", ReferenceDefaults.LearningRate, "Peak learning rate.", SgdOptions.LearningRateRule);
    public Option<int> Warmup { get; } = Int("--warmup", ReferenceDefaults.Warmup, "Linear warm-up steps of the learning rate (and the consistency weight).", 0);
    public Option<double> Gamma { get; } = Number("--gamma", ReferenceDefaults.Gamma, "Learning-rate factor at each milestone.", LearningRateScheduleOptions.GammaRule);
    public Option<int[]> Milestones { get; } = CliOptionFactory.Milestones(ReferenceDefaults.Milestones);
    public Option<double> WeightDecay { get; } = Number("--weight-decay", ReferenceDefaults.WeightDecay, "SGD weight decay.", SgdOptions.WeightDecayRule);
    public Option<double> Momentum { get; } = Number("--momentum", ReferenceDefaults.Momentum, "SGD momentum.", SgdOptions.MomentumRule);
    public Option<bool> Nesterov { get; } = Flag("--nesterov", "Nesterov momentum (USB's recipe for the field's methods; the reference uses plain momentum).");
    public Option<string> LrSchedule { get; } = Choice("--lr-schedule", LearningRateSchedules.Step,
        "Learning-rate schedule: step (linear warm-up over --warmup, then times --gamma at each of --milestones: docs/design.md §2.4, the reference's) or cosine (linear warm-up over --warmup, then half a cosine to 0 at --total-steps: USB's recipe for the field's methods; --milestones and --gamma unused).",
        LearningRateSchedules.All);
    public Option<int> Seed { get; } = Int("--seed", ReferenceDefaults.Seed, "Seed of every random source (split, shuffles, augmentation, mixup, initialisation).", 0);
    public Option<int> PrintFreq { get; } = Int("--print-freq", ReferenceDefaults.PrintFreq, "Steps between log lines.", 1);
    public Option<int> TestFreq { get; } = Int("--test-freq", ReferenceDefaults.TestFreq, "Steps between evaluations on the test set.", 1);
    public Option<string?> SavePath { get; } = Text("--save-path", "Run folder for the log, label indices, checkpoints, metrics and pictures (default: results/<dataset>-<num-label>-<method>).");
    public Option<string?> Resume { get; } = Text("--resume", "The run folder's checkpoint to continue that run from, in its own folder (--save-path defaults to the checkpoint's folder).");
    public Option<string?> InitFrom { get; } = Text("--init-from", "Checkpoint of another run whose weights start this new run (a fork: a new run id, a fresh optimizer and schedule; args.json and the log say where it came from).");
    public Option<string> Device { get; } = CliOptionFactory.Device();
    public Option<Precision> Precision { get; } = new("--precision")
    {
        Description = "Arithmetic of the forward passes: fp32, or bf16 (libtorch's CPU autocast, float32 weights and gradients; needs a CPU with bf16, see docs/precision.md).",
        HelpName = "fp32|bf16",
        DefaultValueFactory = _ => MetaSemi.Precision.Float32,
        CustomParser = ParsePrecision,
    };
    public Option<int> Threads { get; } = Int("--threads", 0, "CPU threads libtorch computes with (0: its default, one per core). Two runs side by side at --threads 1 each often finish sooner than one at 2.", 0);
    public Option<bool> Gpu { get; } = CliOptionFactory.Gpu();
    public Option<string?> LabelIndices { get; } = Text("--label-indices", "File of labelled training indices, one per line (instead of drawing them with --seed).");
    public Option<string?> Recipe { get; } = new("--recipe") { Description = TrainingRecipes.Description, HelpName = string.Join('|', TrainingRecipes.All) };
    public Option<string?> Config { get; } = Text("--config", "JSON file of options, keys named as the flags ({\"lr\": 0.05, \"milestones\": [100, 200]}); the command line wins.");
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    /// <summary><c>--pretrained</c> and the fine-tuning flags.</summary>
    public PretrainedOptionSet Pretrained { get; } = new();

    /// <summary>The options of <c>--dataset folders</c>.</summary>
    public FolderDataOptionSet Folders { get; } = new();

    /// <summary>Adds the shared options, with a command's own <paramref name="methodOptions"/> after --alpha so help reads in order.</summary>
    public void AddTo(Command command, params Option[] methodOptions)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option[] all = [Dataset, DataPath, .. Folders.All, NumLabel, Arch, .. Pretrained.All, MixUp, Alpha, .. methodOptions, TotalSteps, BatchSize, Lr, Warmup, Gamma, Milestones,
            WeightDecay, Momentum, Nesterov, LrSchedule, Seed, PrintFreq, TestFreq, SavePath, Resume, InitFrom, Device, Precision, Threads, Gpu, LabelIndices, Recipe, Config, Verbose];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(Validate);
    }

    /// <summary>
    /// The labelled-subset size: 0 (every labelled image) for <c>--dataset folders</c>, and for the supervised baseline
    /// on <c>--dataset folder</c> when <c>--num-label</c> is not given; else the flag.
    /// </summary>
    public int ResolveNumLabel(ParseResult result, bool baseline)
    {
        ArgumentNullException.ThrowIfNull(result);
        var dataset = result.GetValue(Dataset);
        bool given = result.GetResult(NumLabel) is { Implicit: false };
        return dataset == FolderDataOptionSet.Dataset || (baseline && dataset == "folder" && !given) ? 0 : result.GetValue(NumLabel);
    }

    /// <summary>
    /// The shared options from <paramref name="result"/> over <paramref name="defaults"/> (which carries the command's own
    /// options); <paramref name="method"/> names the default run folder, <paramref name="baseline"/> picks the labelled-subset rule.
    /// </summary>
    public TrainingCommandOptions Bind(ParseResult result, TrainingCommandOptions defaults, string method, bool baseline)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(defaults);
        var recipe = ResolveRecipe(result);
        bool cpu = recipe == TrainingRecipes.Cpu;
        T Pick<T>(Option<T> option, T cpuValue) => cpu && result.GetResult(option) is not { Implicit: false } ? cpuValue : result.GetValue(option)!;
        return defaults with
        {
            Recipe = recipe,
            Dataset = result.GetValue(Dataset)!,
            DataPath = ResolveDataPath(result),
            NumLabel = ResolveNumLabel(result, baseline),
            ImageSize = result.GetValue(Folders.ImageSize),
            Channels = result.GetValue(Folders.Channels)!,
            ValidationPerClass = result.GetValue(Folders.ValidationPerClass),
            SkipBadImages = result.GetValue(Folders.SkipBadImages),
            ImageCache = result.GetValue(Folders.ImageCache)!,
            CacheDir = result.GetValue(Folders.CacheDir),
            Arch = PretrainedOptionSet.ResolveArch(result.GetValue(Pretrained.Pretrained)!, Pick(Arch, TrainingRecipes.CpuArch).Trim().ToLowerInvariant()),
            Pretrained = result.GetValue(Pretrained.Pretrained)!,
            Freeze = result.GetValue(Pretrained.Freeze)!,
            BackboneLrMultiplier = result.GetValue(Pretrained.BackboneLrMultiplier),
            FreezeBnStats = result.GetValue(Pretrained.FreezeBnStats),
            MixUp = result.GetValue(MixUp),
            Alpha = result.GetValue(Alpha),
            TotalSteps = Pick(TotalSteps, TrainingRecipes.CpuTotalSteps),
            BatchSize = Pick(BatchSize, TrainingRecipes.CpuBatchSize),
            Lr = result.GetValue(Lr),
            Warmup = Pick(Warmup, TrainingRecipes.CpuWarmup),
            Gamma = result.GetValue(Gamma),
            Milestones = cpu && result.GetResult(Milestones) is not { Implicit: false } ? [.. TrainingRecipes.CpuMilestones] : result.GetValue(Milestones)!,
            WeightDecay = Pick(WeightDecay, TrainingRecipes.CpuWeightDecay),
            Momentum = result.GetValue(Momentum),
            Nesterov = result.GetValue(Nesterov),
            LrSchedule = result.GetValue(LrSchedule)!,
            Seed = result.GetValue(Seed),
            PrintFreq = Pick(PrintFreq, TrainingRecipes.CpuPrintFreq),
            TestFreq = Pick(TestFreq, TrainingRecipes.CpuTestFreq),
            SavePath = ResolveSavePath(result, method),
            Resume = result.GetValue(Resume),
            InitFrom = result.GetValue(InitFrom),
            Threads = result.GetValue(Threads),
            Device = CommandResultChecks.ResolveDevice(result, Gpu, Device),
            Precision = result.GetValue(Precision),
            LabelIndices = result.GetValue(LabelIndices),
            Config = result.GetValue(Config),
            Verbose = result.GetValue(Verbose),
        };
    }

    /// <summary>--recipe, else the data set's (<see cref="TrainingRecipes.DefaultFor"/>).</summary>
    public string ResolveRecipe(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.GetValue(Recipe) is { } given ? given.Trim().ToLowerInvariant() : TrainingRecipes.DefaultFor(result.GetValue(Dataset)!);
    }

    public string ResolveDataPath(ParseResult result) => result.GetValue(DataPath) ?? ReferenceDefaults.DataPathFor(result.GetValue(Dataset)!);

    /// <summary>--save-path; else, for a resume, the checkpoint's own folder; else results/&lt;dataset&gt;-&lt;num-label&gt;-&lt;method&gt;.</summary>
    public string ResolveSavePath(ParseResult result, string method) =>
        result.GetValue(SavePath)
        ?? (result.GetValue(Resume) is { } resume ? Path.GetDirectoryName(resume) is { Length: > 0 } folder ? folder : "." : null)
        ?? ReferenceDefaults.SavePathFor(result.GetValue(Dataset)!, result.GetValue(NumLabel), method);

    private void Validate(CommandResult result)
    {
        result.ConvertAllGiven();
        if (result.TryGet(Dataset, out var dataset) && result.TryGet(NumLabel, out var numLabel)
            && ReferenceDefaults.DatasetClasses.TryGetValue(dataset, out var classes) && classes > 0 && numLabel % classes != 0)
        {
            result.AddError($"--num-label {numLabel} is not a multiple of the {classes} classes of {dataset}: the labelled subset is class-balanced.");
        }

        result.RequireDataPath(Dataset, DataPath);
        bool pretrained = (result.TryGet(Pretrained.Pretrained, out var weights) && weights == PretrainedOptionSet.ImageNet)
            || (result.TryGet(Arch, out var named) && string.Equals(named?.Trim(), MetaSemi.Models.ModelZoo.ImageNetResNet18, StringComparison.OrdinalIgnoreCase));
        Folders.Validate(result, Dataset, NumLabel, LabelIndices, pretrained);
        Pretrained.Validate(result, Arch, Folders.ImageSize);

        if (result.TryGet(Arch, out var arch) && string.IsNullOrWhiteSpace(arch))
        {
            result.AddError("-a/--arch is empty: name an architecture such as convlarge.");
        }

        if (result.TryGet(Recipe, out var recipe) && recipe is not null && !TrainingRecipes.All.Contains(recipe.Trim().ToLowerInvariant()))
        {
            result.AddError($"--recipe '{recipe}' is not one of: {string.Join(", ", TrainingRecipes.All)}.");
        }

        result.RequireFile(Resume, "the checkpoint to resume from");
        result.RequireFile(InitFrom, "the checkpoint whose weights start the run");
        if (result.TryGet(Resume, out var resumed) && resumed is not null && result.TryGet(InitFrom, out var initial) && initial is not null)
        {
            result.AddError($"--resume '{resumed}' and --init-from '{initial}' exclude each other: --resume continues a run in its own folder, --init-from starts a new run from another run's weights.");
        }
        result.RequireFile(LabelIndices, "labelled indices, one per line");
        result.RequireFile(Config, "JSON options");
        result.CheckGpuAlias(Gpu, Device);
    }

    private static Precision ParsePrecision(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim().ToLowerInvariant() : string.Empty;
        switch (text)
        {
            // args.json writes the enum's name in kebab case (float32, b-float16; older files its number); --config replays it.
            case "fp32" or "float32" or "0":
                return MetaSemi.Precision.Float32;
            case "bf16" or "bfloat16" or "b-float16" or "1":
                return MetaSemi.Precision.BFloat16;
            default:
                result.AddError($"--precision must be fp32 or bf16; got '{string.Join(' ', result.Tokens.Select(t => t.Value))}'.");
                return MetaSemi.Precision.Float32;
        }
    }
}
