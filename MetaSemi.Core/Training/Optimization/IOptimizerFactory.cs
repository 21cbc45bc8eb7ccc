using TorchSharp;

namespace MetaSemi;

/// <summary>
/// Makes the optimizer the trainer steps (docs/design.md, "The training loop and its plug-ins"), once, at the start of
/// the trainer's life. <see cref="SgdOptimizerFactory"/> is the default; pass another with
/// <see cref="SemiSupervisedTrainerBuilder.WithOptimizer(IOptimizerFactory)"/>. Every step the trainer sets each of the
/// optimizer's parameter groups, in order, to the schedule's learning rate times that group's
/// <see cref="ParameterGroup.LearningRateMultiplier"/>; checkpoints save and restore the optimizer's state, so it must
/// be one of TorchSharp's optimizers (derived from <c>OptimizerHelper</c>).
/// </summary>
public interface IOptimizerFactory
{
    /// <summary>Creates an optimizer over exactly <see cref="OptimizerFactoryContext.Groups"/>, one parameter group each, in that order.</summary>
    torch.optim.Optimizer Create(OptimizerFactoryContext context);
}
