using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// <c>KL(ŷ ‖ softmax(logits))</c> summed over classes and averaged over the batch ("batchmean"),
/// with 0·log 0 = 0. Also the supervised loss of mixup (docs/design.md §2.2).
/// </summary>
public sealed class KullbackLeiblerConsistencyLoss : IConsistencyLoss
{
    /// <summary>The shared instance (the loss has no state).</summary>
    public static KullbackLeiblerConsistencyLoss Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "KullbackLeibler";

    /// <inheritdoc />
    public torch.Tensor Compute(torch.Tensor logits, torch.Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        using var scope = torch.NewDisposeScope();

        // The clamp only changes log 0 into a finite number that a zero target multiplies away, so
        // the value keeps 0·log 0 = 0 and the gradient with respect to a zero target stays finite.
        double tiny = torch.finfo(targets.dtype).tiny;
        var entropyTerm = targets * targets.clamp_min(tiny).log();
        var crossTerm = targets * torch.nn.functional.log_softmax(logits, 1);
        var perSample = (entropyTerm - crossTerm).sum(1);
        return perSample.mean().MoveToOuterDisposeScope();
    }
}
