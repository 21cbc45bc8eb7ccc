using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The Π-model's unlabelled loss (docs/design.md §7): <c>mean_i (1/C)·‖softmax(f(weak₁))_i − softmax(f(weak₂))_i‖²</c>, the
/// gradient flowing through both views (no stop-gradient, as the paper's Π-model and docs/design.md §7 write it). The 1/C
/// is the paper's and USB's normalisation, which λ_u = 10 is tuned for.
/// </summary>
public static class PiModelLoss
{
    /// <summary>The loss between the two views' logits.</summary>
    public static torch.Tensor Compute(torch.Tensor firstLogits, torch.Tensor secondLogits)
    {
        ArgumentNullException.ThrowIfNull(secondLogits);
        using var scope = torch.NewDisposeScope();
        return SemiSupervisedLosses.MeanSquaredError(firstLogits, torch.nn.functional.softmax(secondLogits, 1)).MoveToOuterDisposeScope();
    }
}
