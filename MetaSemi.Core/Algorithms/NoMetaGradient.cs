using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// No meta step: ŷ = p, the model's own prediction in evaluation mode (plain consistency
/// training). Lets the meta-gradient be ablated with everything else unchanged.
/// </summary>
public sealed class NoMetaGradient : IMetaOptimizer
{
    /// <inheritdoc />
    public string Name => nameof(MetaGradientMethod.None);

    /// <inheritdoc />
    public MetaStepResult Compute(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor labeledImages,
        torch.Tensor labels,
        torch.Tensor unlabeledImages,
        double learningRate,
        IConsistencyLoss consistencyLoss)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var modes = ModelModes.Evaluate(model);
        var labeledLogits = MetaStep.InferenceLogits(model, labeledImages);
        var p = MetaStep.Predict(model, unlabeledImages);
        return new MetaStepResult(p, labeledLogits);
    }
}
