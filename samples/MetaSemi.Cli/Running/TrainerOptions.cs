using MetaSemi.Cli.Commands;
using MetaSemi.Algorithms;

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
    /// <c>train-imagenet</c>: the general options — cosine over whole epochs after a linear warm-up (docs/design.md §2.4),
    /// evaluation each epoch, device, seed, run folder; the algorithm's own options come from <see cref="ImageNetAlgorithm"/>.
    /// </summary>
    public static SemiSupervisedTrainerOptions ForImageNet(TrainImageNetCommandOptions o, long stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(o);
        var options = new SemiSupervisedTrainerOptions { Device = o.Device, Seed = o.Seed, RunFolder = o.SavePath, ResumeFrom = o.Resume };
        options.Optimizer.LearningRate = o.Lr;
        options.Optimizer.Momentum = o.Momentum;
        options.Optimizer.WeightDecay = o.WeightDecay;
        options.Schedule.Kind = LearningRateScheduleKind.WarmupCosine;
        options.Schedule.WarmupSteps = stepsPerEpoch * o.WarmupEpochs;
        options.Schedule.TotalSteps = stepsPerEpoch * o.Epochs;
        options.Schedule.StepsPerEpoch = stepsPerEpoch;
        options.Evaluation.EverySteps = checked((int)stepsPerEpoch);
        options.Evaluation.BatchSize = ReferenceDefaults.TestBatchSize;
        return options;
    }

    /// <summary>
    /// <c>train-imagenet</c>'s algorithm and its options: MetaSemi's (the options <c>UseMetaSemi</c> edits) with w fixed
    /// at 1 (docs/design.md §2.4), or with <c>--baseline</c> the supervised baseline's; mixup from <c>--mix-up</c>/<c>--alpha</c>.
    /// </summary>
    public static (string Name, IAlgorithmOptions Options) ImageNetAlgorithm(TrainImageNetCommandOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var mixup = new MixupOptions { Enabled = o.MixUp, Alpha = o.Alpha };
        return o.Baseline
            ? (SupervisedAlgorithm.AlgorithmName, new SupervisedOptions { Mixup = mixup })
            : (MetaSemiAlgorithm.AlgorithmName, new MetaSemiAlgorithmOptions
            {
                MetaGradient = new() { Method = o.MetaGradient, Epsilon = o.Epsilon },
                Mixup = mixup,
                Consistency = new() { Weight = 1.0, RampSteps = 0 },
            });
    }
}
