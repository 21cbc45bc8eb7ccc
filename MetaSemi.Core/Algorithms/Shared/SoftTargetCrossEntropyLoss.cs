using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// <c>mean_i −Σ_c ŷ_ic · log softmax(logits)_ic</c>: cross-entropy against soft targets, differentiable in both
/// arguments. It is linear in ŷ, so its meta-gradient G (docs/design.md §2.1.3) does not depend on the ŷ it is
/// taken at: <c>G = J_{log p}·g</c>, the derivative of the log-probabilities along the labelled gradient.
/// The unlabelled loss whose meta-gradient corrects Pseudo-Label's and FixMatch's targets.
/// </summary>
public sealed class SoftTargetCrossEntropyLoss : IConsistencyLoss
{
    /// <summary>The shared instance (the loss has no state).</summary>
    public static SoftTargetCrossEntropyLoss Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "SoftTargetCrossEntropy";

    /// <inheritdoc />
    public torch.Tensor Compute(torch.Tensor logits, torch.Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        using var scope = torch.NewDisposeScope();
        var perExample = -(targets * torch.nn.functional.log_softmax(logits, 1)).sum(1);
        return perExample.mean().MoveToOuterDisposeScope();
    }
}
