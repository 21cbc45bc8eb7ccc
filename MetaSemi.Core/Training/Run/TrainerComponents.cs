using MetaSemi.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// The parts the trainer's loop drives, made once from its <see cref="TrainerSetup"/> (docs/design.md, "The training
/// loop and its plug-ins"): the model on its device (its BatchNorm layers synchronised across ranks when asked), the
/// optimizer from the <see cref="IOptimizerFactory"/>, the trainer's generator, the data-parallel sync, the step
/// runner, the evaluation and the run folder's checkpoints. Disposing it releases what it made (not the model).
/// </summary>
internal sealed class TrainerComponents : IDisposable
{
    public TrainerComponents(TrainerSetup setup)
    {
        var options = setup.Options;
        Communicator = setup.Communicator ?? SingleProcessCommunicator.Instance;
        if (Communicator.Size > 1 && setup.SyncBatchNorm)
        {
            // Before the optimizer is made: the converted layers are new modules with new parameters.
            ConvertedNorms = SyncBatchNormConversion.ConvertBatchNorm2d(setup.Model, Communicator).Count;
        }

        Logger = (setup.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SemiSupervisedTrainer>();
        Device = TorchDevices.Resolve(options.Device);
        setup.Model.to(Device);
        var optimizerContext = OptimizerFactoryContext.For(setup.Model, options.Optimizer);
        Optimizer = setup.OptimizerFactory.Create(optimizerContext);

        // Each rank draws its own mixup coefficients: seed + rank (rank 0 of 1 is the single-process run).
        Generator = new torch.Generator((ulong)options.Seed + (ulong)Communicator.Rank);
        Sync = Communicator.Size > 1 ? new DataParallelSync(setup.Model, Communicator) : null;
        Step = new TrainingStepRunner(setup.Model, Optimizer, setup.Algorithm, setup.Train.NumClasses, Device, Generator, Sync)
        {
            LearningRateMultipliers = optimizerContext.LearningRateMultipliers,
            Precision = options.Precision,
        };
        Evaluation = new RunEvaluation(setup.Model, setup.Test, options.Evaluation.BatchSize, Device, Sync);
        WritesRunFolder = options.RunFolder is not null && Communicator.Rank == 0; // only rank 0 writes the run folder
        Checkpoints = new RunCheckpoints(setup.Model, Optimizer, Generator, setup.Algorithm, options.Precision, options.RunFolder, WritesRunFolder, setup.ModelDescription, Logger);
    }

    public ICommunicator Communicator { get; }

    /// <summary>The BatchNorm layers converted to synchronised ones (0 alone or without sync).</summary>
    public int ConvertedNorms { get; }

    public ILogger Logger { get; }

    public torch.Device Device { get; }

    public torch.optim.Optimizer Optimizer { get; }

    public torch.Generator Generator { get; }

    public DataParallelSync? Sync { get; }

    public TrainingStepRunner Step { get; }

    public RunEvaluation Evaluation { get; }

    public RunCheckpoints Checkpoints { get; }

    /// <summary>Whether this process writes the run folder (rank 0, with a run folder).</summary>
    public bool WritesRunFolder { get; }

    public void Dispose()
    {
        Sync?.Dispose();
        Optimizer.Dispose();
        Generator.Dispose();
    }
}
