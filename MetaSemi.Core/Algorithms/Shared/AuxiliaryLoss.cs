using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>A further term of a step's loss beyond the supervised and unlabelled ones: <c>Weight · Loss</c>, reported under <paramref name="MetricName"/>.</summary>
/// <param name="MetricName">The name its value is reported under (FreeMatch: <c>fairness-loss</c>).</param>
/// <param name="Loss">The term's loss, with its graph.</param>
/// <param name="Weight">Its weight in the step's loss.</param>
public sealed record AuxiliaryLoss(string MetricName, torch.Tensor Loss, double Weight);
