using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>One training step as the trainer hands it to <see cref="ISemiSupervisedAlgorithm.Step"/>.</summary>
public sealed class AlgorithmStepContext
{
    /// <summary>The model being trained (train mode on entry).</summary>
    public required torch.nn.Module<torch.Tensor, torch.Tensor> Model { get; init; }

    /// <summary>The EMA teacher, when <see cref="AlgorithmRequirements.EmaDecay"/> asked for one; else null.</summary>
    public IEmaTeacher? Teacher { get; init; }

    /// <summary>The step's batches, already on the model's device and dtype (labels int64).</summary>
    public required PairedBatch Batch { get; init; }

    /// <summary>The number of this step, from 1.</summary>
    public required long Step { get; init; }

    /// <summary>The run's total number of steps (for algorithms whose weights ramp over the run).</summary>
    public required long TotalSteps { get; init; }

    /// <summary>This step's learning rate lr_t (the meta step's step size too).</summary>
    public required double LearningRate { get; init; }

    /// <summary>The trainer's generator (mixup coefficients and other per-step draws); seeded and checkpointed by the trainer.</summary>
    public required torch.Generator Generator { get; init; }

    /// <summary>Classes of the training data.</summary>
    public required int NumClasses { get; init; }
}
