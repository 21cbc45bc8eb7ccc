using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The loss ℓ between a network's predictions on unlabelled images and their pseudo-labels ŷ
/// (docs/design.md §2.1.3 and §2.2). Meta optimizers differentiate it with respect to both the parameters and ŷ,
/// so an implementation must be differentiable in both arguments.
/// </summary>
public interface IConsistencyLoss
{
    /// <summary>Name used in logs and options (for example <c>SquaredL2</c>).</summary>
    string Name { get; }

    /// <summary>
    /// The batch-mean loss between <paramref name="logits"/> (B×C, before softmax) and
    /// <paramref name="targets"/> (B×C probability rows, or all-zero rows), as a scalar tensor.
    /// </summary>
    torch.Tensor Compute(torch.Tensor logits, torch.Tensor targets);
}
