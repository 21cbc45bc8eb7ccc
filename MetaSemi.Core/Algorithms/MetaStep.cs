using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>The parts every meta optimizer shares (docs/design.md §2.1.1, §2.1.2 and §2.1.4).</summary>
internal static class MetaStep
{
    /// <summary>The parameters the meta-gradient is taken over: those that require gradients.</summary>
    public static torch.Tensor[] TrainableParameters(torch.nn.Module model) =>
        model.parameters().Where(p => p.requires_grad).Cast<torch.Tensor>().ToArray();

    /// <summary>
    /// <c>∇θ L</c> through <see cref="torch.autograd.grad"/> (never <c>backward</c>, so <c>.grad</c> is
    /// untouched); parameters that <paramref name="loss"/> does not reach get a zero gradient.
    /// </summary>
    public static torch.Tensor[] Gradient(torch.Tensor loss, torch.Tensor[] parameters, bool createGraph = false)
    {
        var gradients = torch.autograd.grad([loss], parameters, retain_graph: createGraph, create_graph: createGraph, allow_unused: true);
        var result = new torch.Tensor[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            result[i] = gradients[i] is { IsInvalid: false } gradient ? gradient : torch.zeros_like(parameters[i]);
        }

        return result;
    }

    /// <summary>Labelled logits (with graph) and <c>g = ∇θ CE(f(x_l), y_l)</c> (docs/design.md §2.1.1).</summary>
    public static (torch.Tensor Logits, torch.Tensor[] Gradient) LabeledGradient(
        torch.nn.Module<torch.Tensor, torch.Tensor> model, torch.Tensor[] parameters, torch.Tensor labeledImages, torch.Tensor labels)
    {
        using var grad = torch.enable_grad();
        var logits = model.forward(labeledImages);
        var loss = torch.nn.functional.cross_entropy(logits, labels);
        return (logits.detach(), Gradient(loss, parameters));
    }

    /// <summary>
    /// Logits of a forward without a graph, run in inference mode (no version counters or view tracking; issue 16).
    /// The result is an inference tensor: ops outside inference mode may read it, autograd must never save it, so
    /// callers that pass it on to user code first apply an op to it (softmax, clone) outside inference mode.
    /// </summary>
    public static torch.Tensor InferenceLogits(torch.nn.Module<torch.Tensor, torch.Tensor> model, torch.Tensor images)
    {
        torch.Tensor logits;
        using (torch.inference_mode())
        {
            logits = model.forward(images);
        }

        // Under bf16 the forward left inference-mode bf16 copies of the weights in autocast's cache (docs/precision.md).
        AutocastScope.DropCachedCasts();
        return logits;
    }

    /// <summary>
    /// Softmax predictions without a graph (docs/design.md §2.1.2): the forward in inference mode, the softmax outside
    /// it, so the result is an ordinary tensor.
    /// </summary>
    public static torch.Tensor Predict(torch.nn.Module<torch.Tensor, torch.Tensor> model, torch.Tensor images)
    {
        var logits = InferenceLogits(model, images);
        using var noGrad = torch.no_grad();
        return torch.nn.functional.softmax(logits, 1);
    }

    /// <summary>A copy of <paramref name="pseudoLabels"/> that autograd can differentiate with respect to.</summary>
    public static torch.Tensor Leaf(torch.Tensor pseudoLabels) => pseudoLabels.detach().clone().requires_grad_(true);

    /// <summary>
    /// Runs the common frame of a meta step in evaluation mode: g, then p and G (both from <paramref name="metaGradient"/>,
    /// given the parameters and g, so that a method which needs the unlabelled forward with a graph takes p from it
    /// rather than running that forward twice), then <c>ŷ = project(p − lr·G)</c>.
    /// </summary>
    public static MetaStepResult Run(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor labeledImages,
        torch.Tensor labels,
        torch.Tensor unlabeledImages,
        double learningRate,
        Func<torch.Tensor[], torch.Tensor[], (torch.Tensor P, torch.Tensor G)> metaGradient)
    {
        using var modes = ModelModes.Evaluate(model);
        using var scope = torch.NewDisposeScope();
        var parameters = TrainableParameters(model);
        var (labeledLogits, g) = LabeledGradient(model, parameters, labeledImages, labels);
        var (p, metaGradientValue) = metaGradient(parameters, g);
        using var noGrad = torch.no_grad();
        var pseudoLabels = PseudoLabelProjection.Project(p - learningRate * metaGradientValue);
        return new MetaStepResult(pseudoLabels.MoveToOuterDisposeScope(), labeledLogits.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The same frame without the update, for tests and benchmarks: g in evaluation mode, then G from
    /// <paramref name="metaGradient"/>, returned into the caller's dispose scope.
    /// </summary>
    public static torch.Tensor MetaGradient(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor labeledImages,
        torch.Tensor labels,
        Func<torch.Tensor[], torch.Tensor[], torch.Tensor> metaGradient)
    {
        using var modes = ModelModes.Evaluate(model);
        using var scope = torch.NewDisposeScope();
        var parameters = TrainableParameters(model);
        var (_, g) = LabeledGradient(model, parameters, labeledImages, labels);
        return metaGradient(parameters, g).MoveToOuterDisposeScope();
    }
}
