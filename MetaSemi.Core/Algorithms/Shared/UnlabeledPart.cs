using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The unlabelled half of a step's loss, as an algorithm computes it for <see cref="SemiSupervisedStep"/>: the loss
/// (with its graph), its weight λ_u for this step (any warm-up applied), and what the step reports beside it.
/// </summary>
/// <param name="Loss">The unlabelled loss, with its graph.</param>
/// <param name="Weight">λ_u for this step; the step's loss is <c>supervised + Weight · Loss</c>.</param>
/// <param name="Predictions">
/// What the algorithm predicts for the unlabelled images (logits or probabilities: only their argmax is read), for the
/// accuracy against the hidden labels where the data has them.
/// </param>
public sealed record UnlabeledPart(torch.Tensor Loss, double Weight, torch.Tensor Predictions)
{
    /// <summary>The share of unlabelled images the loss used (a mask's or weights' mean), or null for a method without a mask.</summary>
    public torch.Tensor? MaskRatio { get; init; }

    /// <summary>Further weighted terms of the loss, added after the unlabelled one in this order (FreeMatch's fairness loss).</summary>
    public IReadOnlyList<AuxiliaryLoss> AuxiliaryLosses { get; init; } = [];

    /// <summary>Further metrics the algorithm reports, by name (<see cref="MetricNames"/> or its own).</summary>
    public IReadOnlyList<(string Name, torch.Tensor Value)> Metrics { get; init; } = [];
}
