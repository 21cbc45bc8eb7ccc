using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The second-order meta-gradient by autograd double backward (docs/design.md §2.1.3):
/// <c>G = −B · ∂/∂ŷ [∇θ ℓ(ŷ, θ) · g]</c> with ŷ a leaf, which is <c>2·J·g</c> for the squared-L2 loss.
/// No finite differences; costs one extra backward pass through the unlabelled batch.
/// </summary>
public sealed class ExactMetaGradient : IMetaOptimizer
{
    /// <inheritdoc />
    public string Name => nameof(MetaGradientMethod.Exact);

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
        ArgumentNullException.ThrowIfNull(consistencyLoss);

        // One forward of the unlabelled batch serves both p (its softmax, detached) and the double backward; the
        // whole exact meta step stays float32 under a bf16 step (docs/precision.md).
        using var fp32 = AutocastScope.Float32IfEnabled();
        return MetaStep.Run(model, labeledImages, labels, unlabeledImages, learningRate,
            (parameters, g) => PredictAndDifferentiate(model, parameters, g, unlabeledImages, consistencyLoss));
    }

    /// <summary>
    /// The meta-gradient G (B×C) at ŷ = p, with the model in evaluation mode during the call; for
    /// tests and benchmarks. Returns a tensor owned by the caller's dispose scope.
    /// </summary>
    public torch.Tensor MetaGradient(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor labeledImages,
        torch.Tensor labels,
        torch.Tensor unlabeledImages,
        IConsistencyLoss consistencyLoss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(consistencyLoss);
        return MetaStep.MetaGradient(model, labeledImages, labels,
            (parameters, g) => PredictAndDifferentiate(model, parameters, g, unlabeledImages, consistencyLoss).G);
    }

    /// <summary>p from one forward of the unlabelled batch with its graph, and G at ŷ = p by double backward through it.</summary>
    private static (torch.Tensor P, torch.Tensor G) PredictAndDifferentiate(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor[] parameters,
        torch.Tensor[] g,
        torch.Tensor unlabeledImages,
        IConsistencyLoss consistencyLoss)
    {
        torch.Tensor logits;
        using (torch.enable_grad())
        {
            logits = model.forward(unlabeledImages);
        }

        torch.Tensor p;
        using (torch.no_grad())
        {
            p = torch.nn.functional.softmax(logits.detach(), 1);
        }

        return (p, DoubleBackward(parameters, g, logits, p, consistencyLoss));
    }

    /// <summary>G from the unlabelled logits (with their graph) at ŷ = <paramref name="pseudoLabels"/>.</summary>
    private static torch.Tensor DoubleBackward(
        torch.Tensor[] parameters,
        torch.Tensor[] g,
        torch.Tensor unlabeledLogits,
        torch.Tensor pseudoLabels,
        IConsistencyLoss consistencyLoss)
    {
        using var grad = torch.enable_grad();
        var leaf = MetaStep.Leaf(pseudoLabels);
        var loss = consistencyLoss.Compute(unlabeledLogits, leaf);

        // create_graph does not imply retain_graph in TorchSharp: without it libtorch aborts the
        // process when the second grad walks the freed graph.
        var parameterGradient = MetaStep.Gradient(loss, parameters, createGraph: true);
        var directional = parameterGradient.Zip(g, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b);
        var targetGradient = torch.autograd.grad([directional], [leaf])[0];
        using var noGrad = torch.no_grad();
        return targetGradient * -pseudoLabels.shape[0];
    }
}
