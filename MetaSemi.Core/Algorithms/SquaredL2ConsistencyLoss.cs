using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The paper's consistency loss: <c>mean_i ‖softmax(logits)_i − ŷ_i‖₂²</c> (docs/design.md §2.2), the default.
/// </summary>
public sealed class SquaredL2ConsistencyLoss : IConsistencyLoss
{
    /// <summary>The shared instance (the loss has no state).</summary>
    public static SquaredL2ConsistencyLoss Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "SquaredL2";

    /// <inheritdoc />
    public torch.Tensor Compute(torch.Tensor logits, torch.Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        using var scope = torch.NewDisposeScope();
        var difference = torch.nn.functional.softmax(logits, 1) - targets;
        return difference.square().sum(1).mean().MoveToOuterDisposeScope();
    }
}
