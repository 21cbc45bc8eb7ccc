using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>The projection of updated pseudo-labels back to (possibly empty) distributions (docs/design.md §2.1.4).</summary>
public static class PseudoLabelProjection
{
    /// <summary>
    /// <c>relu</c>, then each row divided by its sum; a row whose sum is 0 stays all zeros. Returns a
    /// new detached tensor.
    /// </summary>
    public static torch.Tensor Project(torch.Tensor pseudoLabels)
    {
        ArgumentNullException.ThrowIfNull(pseudoLabels);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var positive = torch.nn.functional.relu(pseudoLabels.detach());
        var sums = positive.sum(1, keepdim: true);

        // Dividing an all-zero row by 1 keeps it zero; a silent uniform fill would invent a label.
        var safeSums = torch.where(sums > 0, sums, torch.ones_like(sums));
        return (positive / safeSums).MoveToOuterDisposeScope();
    }
}
