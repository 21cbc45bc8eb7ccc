using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>What a meta step produces: the pseudo-labels and, for reporting, the labelled logits it saw.</summary>
/// <param name="PseudoLabels">Projected ŷ, B×C, detached: rows sum to 1 or are all zeros.</param>
/// <param name="LabeledLogits">Logits of the labelled batch in evaluation mode before the update, detached.</param>
public sealed record MetaStepResult(torch.Tensor PseudoLabels, torch.Tensor LabeledLogits);
