using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The loss pieces the field's algorithms share (docs/design.md §7), each a batch mean over the examples: masked
/// examples count in the denominator with weight 0, as USB's <c>consistency_loss</c> does.
/// </summary>
public static class SemiSupervisedLosses
{
    /// <summary><c>mean_i mask_i · CE(logits_i, targets_i)</c> with hard int64 targets and a per-example weight (0/1 or soft).</summary>
    public static torch.Tensor MaskedCrossEntropy(torch.Tensor logits, torch.Tensor targets, torch.Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(mask);
        using var scope = torch.NewDisposeScope();
        var perExample = torch.nn.functional.cross_entropy(logits, targets, reduction: torch.nn.Reduction.None);
        return (perExample * mask).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>mean_i (1/C)·‖softmax(logits)_i − targets_i‖₂²</c>: the squared distance of the Π-model and Mean
    /// Teacher papers and of USB's <c>mse</c> consistency, which divide by the number of classes C.
    /// </summary>
    public static torch.Tensor MeanSquaredError(torch.Tensor logits, torch.Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        using var scope = torch.NewDisposeScope();
        var difference = torch.nn.functional.softmax(logits, 1) - targets;
        return difference.square().mean(new long[] { 1 }).mean().MoveToOuterDisposeScope();
    }

    /// <summary>The fraction of rows whose argmax equals <paramref name="labels"/>, in <paramref name="logits"/>'s dtype.</summary>
    public static torch.Tensor Accuracy(torch.Tensor logits, torch.Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = torch.NewDisposeScope();
        return logits.argmax(1).eq(labels).to(logits.dtype).mean().MoveToOuterDisposeScope();
    }
}
