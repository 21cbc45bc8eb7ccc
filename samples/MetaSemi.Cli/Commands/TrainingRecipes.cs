namespace MetaSemi.Cli.Commands;

/// <summary>
/// <c>--recipe</c> (issue 23, item 2): the defaults of <c>train</c> and <c>train-baseline</c> for the flags a command line
/// leaves out. <see cref="Paper"/> is the reference's CIFAR recipe (ConvLarge, 400 000 steps of 128, docs/design.md §2);
/// <see cref="Cpu"/> is the label-efficiency study's recipe for the MetaSemi family (docs/results/label-efficiency.md:
/// <c>small-cnn</c>, batch 64, lr 0.1 with a 10 % warm-up and ×0.1 at 75 %, weight decay 5e-4), shortened to 1 000
/// steps so that a run on one core ends in minutes. The default follows the data set: the paper's for CIFAR and SVHN,
/// the CPU recipe for Fashion-MNIST, MNIST and image folders. A flag given on the command line or in <c>--config</c>
/// always wins.
/// </summary>
internal static class TrainingRecipes
{
    /// <summary>The reference's CIFAR recipe.</summary>
    public const string Paper = "paper";

    /// <summary>A recipe a CPU runs in minutes.</summary>
    public const string Cpu = "cpu";

    /// <summary>Both names.</summary>
    public static IReadOnlyList<string> All { get; } = [Cpu, Paper];

    /// <summary>The CPU recipe's network.</summary>
    public const string CpuArch = "small-cnn";

    /// <summary>The CPU recipe's steps.</summary>
    public const int CpuTotalSteps = 1000;

    /// <summary>The CPU recipe's labelled batch.</summary>
    public const int CpuBatchSize = 64;

    /// <summary>The CPU recipe's warm-up: 10 % of the steps.</summary>
    public const int CpuWarmup = 100;

    /// <summary>The CPU recipe's decay (×0.1) at 75 % of the steps.</summary>
    public static IReadOnlyList<int> CpuMilestones { get; } = [750];

    /// <summary>The CPU recipe's weight decay (the study's).</summary>
    public const double CpuWeightDecay = 5e-4;

    /// <summary>The CPU recipe's evaluation interval.</summary>
    public const int CpuTestFreq = 100;

    /// <summary>The CPU recipe's log interval: a line within seconds of the start.</summary>
    public const int CpuPrintFreq = 20;

    /// <summary>The recipe a data set gets when <c>--recipe</c> is not given.</summary>
    public static string DefaultFor(string dataset) =>
        dataset is "cifar10" or "cifar100" or "svhn" ? Paper : Cpu;

    /// <summary>The help text of <c>--recipe</c>.</summary>
    public static string Description =>
        $"Defaults for the flags not given: {Paper} (the reference's CIFAR recipe: convlarge, {ReferenceDefaults.TotalSteps} steps of {ReferenceDefaults.BatchSize}, warm-up {ReferenceDefaults.Warmup}) "
        + $"or {Cpu} ({CpuArch}, {CpuTotalSteps} steps of {CpuBatchSize}, warm-up {CpuWarmup}, ×{ReferenceDefaults.Gamma} at {CpuMilestones[0]}, weight decay {CpuWeightDecay}, test every {CpuTestFreq}, log every {CpuPrintFreq}: minutes on one core). "
        + "Default: paper for cifar10, cifar100 and svhn, cpu for the others.";
}
