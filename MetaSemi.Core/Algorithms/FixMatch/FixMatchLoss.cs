using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// FixMatch's unlabelled loss (docs/design.md §7): <c>mean_i 1[max q_i ≥ τ_i] · CE(f(strong)_i, argmax q_i)</c> with q the
/// stop-gradient weak-view probabilities. τ is one threshold (FixMatch, Pseudo-Label) or one per example
/// (FlexMatch's and FreeMatch's class thresholds picked by each example's argmax). Pseudo-Label is this loss with
/// the weak view's own logits in place of the strong ones.
/// </summary>
public static class FixMatchLoss
{
    /// <summary>The loss with one threshold τ for every example.</summary>
    public static ConfidenceMaskedLoss Compute(torch.Tensor targetProbabilities, torch.Tensor logits, double threshold)
    {
        ArgumentNullException.ThrowIfNull(targetProbabilities);
        using var scope = torch.NewDisposeScope();
        var result = Compute(targetProbabilities, logits, torch.tensor(threshold, targetProbabilities.dtype, targetProbabilities.device));
        return MoveOut(result);
    }

    /// <summary>The loss with per-example thresholds (or a 0-d tensor for all).</summary>
    public static ConfidenceMaskedLoss Compute(torch.Tensor targetProbabilities, torch.Tensor logits, torch.Tensor thresholds)
    {
        ArgumentNullException.ThrowIfNull(targetProbabilities);
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(thresholds);
        using var scope = torch.NewDisposeScope();
        var q = targetProbabilities.detach();
        var (confidence, pseudoLabels) = q.max(1);
        var mask = confidence.ge(thresholds).to(q.dtype);
        var loss = SemiSupervisedLosses.MaskedCrossEntropy(logits, pseudoLabels, mask);
        return MoveOut(new ConfidenceMaskedLoss(loss, mask, pseudoLabels, confidence));
    }

    private static ConfidenceMaskedLoss MoveOut(ConfidenceMaskedLoss result) => new(
        result.Loss.MoveToOuterDisposeScope(),
        result.Mask.MoveToOuterDisposeScope(),
        result.PseudoLabels.MoveToOuterDisposeScope(),
        result.Confidence.MoveToOuterDisposeScope());
}
