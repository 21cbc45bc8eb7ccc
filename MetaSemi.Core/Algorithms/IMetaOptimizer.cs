using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The meta step of docs/design.md §2.1: from the model, a labelled batch and an unlabelled batch, the
/// pseudo-labels ŷ for the unlabelled batch. Implementations run the model in evaluation mode and
/// restore every module's previous mode; they leave parameters, buffers, <c>.grad</c> and any
/// optimizer state exactly as they found them.
/// </summary>
public interface IMetaOptimizer
{
    /// <summary>Name used in logs and options (for example <c>FiniteDifference</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Computes the projected pseudo-labels for <paramref name="unlabeledImages"/>.
    /// </summary>
    /// <param name="model">Any network mapping images to logits (B×C).</param>
    /// <param name="labeledImages">Labelled images, on the model's device and dtype.</param>
    /// <param name="labels">int64 labels of <paramref name="labeledImages"/>.</param>
    /// <param name="unlabeledImages">Unlabelled images, on the model's device and dtype.</param>
    /// <param name="learningRate">This step's learning rate lr_t, the step size of the ŷ update.</param>
    /// <param name="consistencyLoss">The loss ℓ(ŷ, θ) whose meta-gradient is taken.</param>
    /// <returns>Detached tensors owned by the caller's dispose scope.</returns>
    MetaStepResult Compute(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor labeledImages,
        torch.Tensor labels,
        torch.Tensor unlabeledImages,
        double learningRate,
        IConsistencyLoss consistencyLoss);
}
