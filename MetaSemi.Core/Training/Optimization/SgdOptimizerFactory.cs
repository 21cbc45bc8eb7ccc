using TorchSharp;
using TorchSharp.Modules;

namespace MetaSemi;

/// <summary>
/// The default optimizer: TorchSharp's SGD with <see cref="SemiSupervisedTrainerOptions.Optimizer"/>'s learning rate,
/// momentum, weight decay and Nesterov flag (no dampening). A model's own parameter groups become SGD groups, each
/// at its multiple of the learning rate; otherwise SGD takes all of the model's parameters directly.
/// </summary>
public sealed class SgdOptimizerFactory : IOptimizerFactory
{
    /// <summary>The one instance (the factory has no state).</summary>
    public static SgdOptimizerFactory Instance { get; } = new();

    private SgdOptimizerFactory()
    {
    }

    /// <inheritdoc />
    public torch.optim.Optimizer Create(OptimizerFactoryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sgd = context.Options;
        if (!context.GroupsFromModel)
        {
            return torch.optim.SGD(context.Model.parameters(), sgd.LearningRate, sgd.Momentum, 0, sgd.WeightDecay, sgd.Nesterov, false);
        }

        return torch.optim.SGD(
            context.Groups.Select(g => new SGD.ParamGroup(g.Parameters, new SGD.Options { LearningRate = sgd.LearningRate * g.LearningRateMultiplier })),
            sgd.LearningRate, sgd.Momentum, 0, sgd.WeightDecay, sgd.Nesterov, false);
    }

    /// <inheritdoc />
    public override string ToString() => "SGD";
}
