namespace MetaSemi;

/// <summary>Test accuracy of a classifier.</summary>
/// <param name="Step">Training step after which it was measured.</param>
/// <param name="Top1">Top-1 accuracy in [0, 1].</param>
/// <param name="Top5">Top-5 accuracy in [0, 1], or null when there are 5 classes or fewer.</param>
/// <param name="Count">Number of test examples.</param>
public sealed record EvaluationResult(long Step, double Top1, double? Top5, int Count);
