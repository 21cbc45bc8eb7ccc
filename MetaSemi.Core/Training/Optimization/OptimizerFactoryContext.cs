using TorchSharp;

namespace MetaSemi;

/// <summary>What an <see cref="IOptimizerFactory"/> is given: the model (on the trainer's device), the groups of parameters that train, and the configured SGD settings.</summary>
/// <param name="Model">The model being trained.</param>
/// <param name="Groups">
/// The trained parameters: the model's <see cref="IParameterGroupSource.ParameterGroups"/> when it has them (a
/// fine-tuned backbone), otherwise one group of every parameter at multiplier 1.
/// </param>
/// <param name="Options">The trainer's <see cref="SemiSupervisedTrainerOptions.Optimizer"/>; its learning rate is the schedule's base rate.</param>
public sealed record OptimizerFactoryContext(
    torch.nn.Module<torch.Tensor, torch.Tensor> Model,
    IReadOnlyList<ParameterGroup> Groups,
    SgdOptions Options)
{
    /// <summary>Whether the groups came from the model (<see cref="IParameterGroupSource"/>) rather than being all of its parameters.</summary>
    public bool GroupsFromModel { get; init; }

    /// <summary>The groups' learning-rate multipliers, in order.</summary>
    public IReadOnlyList<double> LearningRateMultipliers => [.. Groups.Select(g => g.LearningRateMultiplier)];

    /// <summary>The context for <paramref name="model"/>: its own groups, or all of its parameters in one group.</summary>
    public static OptimizerFactoryContext For(torch.nn.Module<torch.Tensor, torch.Tensor> model, SgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        return model is IParameterGroupSource source
            ? new(model, source.ParameterGroups(), options) { GroupsFromModel = true }
            : new(model, [new ParameterGroup([.. model.parameters()], 1.0)], options);
    }
}
