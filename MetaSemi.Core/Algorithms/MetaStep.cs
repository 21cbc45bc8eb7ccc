using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>The parts every meta optimizer shares (SPEC §2.1.1, §2.1.2 and §2.1.4).</summary>
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

    /// <summary>Labelled logits (with graph) and <c>g = ∇θ CE(f(x_l), y_l)</c> (SPEC §2.1.1).</summary>
    public static (torch.Tensor Logits, torch.Tensor[] Gradient) LabeledGradient(
        torch.nn.Module<torch.Tensor, torch.Tensor> model, torch.Tensor[] parameters, torch.Tensor labeledImages, torch.Tensor labels)
    {
        using var grad = torch.enable_grad();
        var logits = model.forward(labeledImages);
        var loss = torch.nn.functional.cross_entropy(logits, labels);
        return (logits.detach(), Gradient(loss, parameters));
    }

    /// <summary>Softmax predictions without a graph (SPEC §2.1.2).</summary>
    public static torch.Tensor Predict(torch.nn.Module<torch.Tensor, torch.Tensor> model, torch.Tensor images)
    {
        using var noGrad = torch.no_grad();
        return torch.nn.functional.softmax(model.forward(images), 1);
    }

    /// <summary>A copy of <paramref name="pseudoLabels"/> that autograd can differentiate with respect to.</summary>
    public static torch.Tensor Leaf(torch.Tensor pseudoLabels) => pseudoLabels.detach().clone().requires_grad_(true);

    /// <summary>
    /// Runs the common frame of a meta step in evaluation mode: g, p, G (from <paramref name="metaGradient"/>),
    /// then <c>ŷ = project(p − lr·G)</c>.
    /// </summary>
    public static MetaStepResult Run(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor labeledImages,
        torch.Tensor labels,
        torch.Tensor unlabeledImages,
        double learningRate,
        Func<torch.Tensor[], torch.Tensor[], torch.Tensor, torch.Tensor> metaGradient)
    {
        using var modes = ModelModes.Evaluate(model);
        using var scope = torch.NewDisposeScope();
        var parameters = TrainableParameters(model);
        var (labeledLogits, g) = LabeledGradient(model, parameters, labeledImages, labels);
        var p = Predict(model, unlabeledImages);
        var metaGradientValue = metaGradient(parameters, g, p);
        using var noGrad = torch.no_grad();
        var pseudoLabels = PseudoLabelProjection.Project(p - learningRate * metaGradientValue);
        return new MetaStepResult(pseudoLabels.MoveToOuterDisposeScope(), labeledLogits.MoveToOuterDisposeScope());
    }
}
