using MetaSemi.Cli.Commands;
using CoreMethod = MetaSemi.Algorithms.MetaGradientMethod;

namespace MetaSemi.Cli.Running;

/// <summary>
/// The trainer's options from the command's flags. Every setting goes through options objects (not through
/// algorithm objects), so the run folder's <c>options.json</c> records what ran.
/// </summary>
internal static class TrainerOptions
{
    /// <summary>
    /// <c>train</c> / <c>train-baseline</c>: the general options — warm-up then multi-step decay (docs/design.md §2.4)
    /// or cosine decay, evaluation, device, seed, run folder; the algorithm's own options come from
    /// <see cref="TrainingRunSettings.AlgorithmOptions"/>.
    /// </summary>
    public static SemiSupervisedTrainerOptions For(TrainingRunSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var options = new SemiSupervisedTrainerOptions { Device = s.Device, Precision = s.Precision, Seed = s.Seed, RunFolder = s.SavePath, ResumeFrom = s.Resume, RunId = s.RunId };
        options.Optimizer.LearningRate = s.Lr;
        options.Optimizer.Momentum = s.Momentum;
        options.Optimizer.WeightDecay = s.WeightDecay;
        options.Optimizer.Nesterov = s.Nesterov;
        options.Schedule.Kind = s.LrSchedule == LearningRateSchedules.Cosine ? LearningRateScheduleKind.WarmupCosine : LearningRateScheduleKind.WarmupMultiStep;
        options.Schedule.WarmupSteps = s.Warmup;
        options.Schedule.Milestones = [.. s.Milestones.Select(m => (long)m)];
        options.Schedule.Gamma = s.Gamma;
        options.Schedule.TotalSteps = s.TotalSteps;
        options.Evaluation.EverySteps = s.TestFreq;
        options.Evaluation.BatchSize = ReferenceDefaults.TestBatchSize;
        return options;
    }

    /// <summary>
    /// <c>train-imagenet</c>: cosine over whole epochs after a linear warm-up; w fixed at 1 (docs/design.md §2.4);
    /// evaluation each epoch.
    /// </summary>
    public static MetaSemiOptions ForImageNet(TrainImageNetCommandOptions o, long stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(o);
        var options = Common(o.Baseline, o.MixUp, o.Alpha, o.Lr, o.Momentum, o.WeightDecay, o.Device, o.Seed, o.SavePath, o.Resume, o.MetaGradient, o.Epsilon);
        options.Consistency.Weight = o.Baseline ? 0 : 1.0;
        options.Consistency.RampSteps = 0;
        options.Schedule.Kind = LearningRateScheduleKind.WarmupCosine;
        options.Schedule.WarmupSteps = stepsPerEpoch * o.WarmupEpochs;
        options.Schedule.TotalSteps = stepsPerEpoch * o.Epochs;
        options.Schedule.StepsPerEpoch = stepsPerEpoch;
        options.Evaluation.EverySteps = checked((int)stepsPerEpoch);
        options.Evaluation.BatchSize = ReferenceDefaults.TestBatchSize;
        return options;
    }

    private static MetaSemiOptions Common(bool baseline, bool mixUp, double alpha, double lr, double momentum, double weightDecay, string device, int seed,
        string runFolder, string? resume, Commands.MetaGradientMethod method, double epsilon)
    {
        var options = new MetaSemiOptions
        {
            Device = device,
            Seed = seed,
            UseUnlabeledData = !baseline,
            RunFolder = runFolder,
            ResumeFrom = resume,
        };
        options.MetaGradient.Method = ToCore(method);
        options.MetaGradient.Epsilon = epsilon;
        options.Mixup.Enabled = mixUp;
        options.Mixup.Alpha = alpha;
        options.Optimizer.LearningRate = lr;
        options.Optimizer.Momentum = momentum;
        options.Optimizer.WeightDecay = weightDecay;
        return options;
    }

    private static CoreMethod ToCore(Commands.MetaGradientMethod method) => method switch
    {
        Commands.MetaGradientMethod.FiniteDifference => CoreMethod.FiniteDifference,
        Commands.MetaGradientMethod.Exact => CoreMethod.Exact,
        Commands.MetaGradientMethod.None => CoreMethod.None,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown meta-gradient method."),
    };
}
