using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>A thresholded pseudo-label loss and what it used.</summary>
/// <param name="Loss">The batch-mean masked cross-entropy, with its graph.</param>
/// <param name="Mask">Per-example weight (1 where the confidence passed its threshold, else 0), detached.</param>
/// <param name="PseudoLabels">int64 argmax of the target probabilities.</param>
/// <param name="Confidence">Max of the target probabilities per example.</param>
public sealed record ConfidenceMaskedLoss(torch.Tensor Loss, torch.Tensor Mask, torch.Tensor PseudoLabels, torch.Tensor Confidence);
