using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The second-order meta-gradient by autograd double backward (SPEC §2.1.3):
/// <c>G = −B · ∂/∂ŷ [∇θ ℓ(ŷ, θ) · g]</c> with ŷ a leaf, which is <c>2·J·g</c> for the squared-L2 loss.
/// No finite differences; costs one extra backward pass through the unlabelled batch. The unlabelled forward runs
/// once, with a graph, and gives both p and the loss whose gradient is differentiated.
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
        return MetaStep.Run(model, labeledImages, labels, unlabeledImages, learningRate,
            (parameters, g) => DoubleBackward(model, parameters, g, unlabeledImages, consistencyLoss));
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
        using var modes = ModelModes.Evaluate(model);
        using var scope = torch.NewDisposeScope();
        var parameters = MetaStep.TrainableParameters(model);
        var (_, g) = MetaStep.LabeledGradient(model, parameters, labeledImages, labels);
        return DoubleBackward(model, parameters, g, unlabeledImages, consistencyLoss).G.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// p and G from one unlabelled forward with a graph: p = softmax of its logits, detached (the same eval-mode
    /// forward the no-grad prediction would run, so the same numbers; issue 16 removed the second forward).
    /// </summary>
    private static (torch.Tensor P, torch.Tensor G) DoubleBackward(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor[] parameters,
        torch.Tensor[] g,
        torch.Tensor unlabeledImages,
        IConsistencyLoss consistencyLoss)
    {
        using var grad = torch.enable_grad();
        var logits = model.forward(unlabeledImages);
        torch.Tensor pseudoLabels;
        using (torch.no_grad())
        {
            pseudoLabels = torch.nn.functional.softmax(logits.detach(), 1);
        }

        var leaf = MetaStep.Leaf(pseudoLabels);
        var loss = consistencyLoss.Compute(logits, leaf);

        // create_graph does not imply retain_graph in TorchSharp: without it libtorch aborts the
        // process when the second grad walks the freed graph.
        var parameterGradient = MetaStep.Gradient(loss, parameters, createGraph: true);
        var directional = parameterGradient.Zip(g, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b);
        var targetGradient = torch.autograd.grad([directional], [leaf])[0];
        using var noGrad = torch.no_grad();
        return (pseudoLabels, targetGradient * -pseudoLabels.shape[0]);
    }
}
