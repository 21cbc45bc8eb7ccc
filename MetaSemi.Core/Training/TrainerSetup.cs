using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Distributed;
using MetaSemi.Scheduling;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace MetaSemi;

/// <summary>Everything <see cref="SemiSupervisedTrainerBuilder.Build"/> hands the trainer: validated, and copied where the caller could change it.</summary>
internal sealed record TrainerSetup(
    torch.nn.Module<torch.Tensor, torch.Tensor> Model,
    IPairedBatchSource Train,
    IBatchSource? Test,
    SemiSupervisedTrainerOptions Options,
    ISemiSupervisedAlgorithm Algorithm,
    object? AlgorithmOptions,
    ILearningRateSchedule Schedule,
    ILoggerFactory? LoggerFactory,
    ICommunicator? Communicator,
    bool SyncBatchNorm,
    IReadOnlyList<ITrainingHook> Hooks)
{
    /// <summary>The model file's description (<see cref="SemiSupervisedTrainerBuilder.WithModelFile(MetaSemi.Files.ModelDescription)"/>), or null for none.</summary>
    public Files.ModelDescription? ModelDescription { get; init; }

    /// <summary>
    /// Whether <see cref="Schedule"/> was built from <see cref="SemiSupervisedTrainerOptions.Schedule"/>; false when
    /// the caller passed a schedule object (<see cref="SemiSupervisedTrainerBuilder.WithSchedule"/>), which those
    /// options then do not describe.
    /// </summary>
    public bool ScheduleFromOptions { get; init; } = true;

    /// <summary>Makes the trainer's optimizer (<see cref="SemiSupervisedTrainerBuilder.WithOptimizer(IOptimizerFactory)"/>; SGD by default).</summary>
    public IOptimizerFactory OptimizerFactory { get; init; } = SgdOptimizerFactory.Instance;
}
