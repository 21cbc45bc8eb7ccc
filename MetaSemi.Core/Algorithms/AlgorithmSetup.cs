using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>What an algorithm learns about the run once, before its first step.</summary>
/// <param name="NumClasses">Classes of the training data.</param>
/// <param name="UnlabeledCount">Size of the unlabelled pool (range of the example indices); 0 when unknown.</param>
/// <param name="Device">The model's device.</param>
/// <param name="DType">The model's floating-point type.</param>
public sealed record AlgorithmSetup(int NumClasses, long UnlabeledCount, torch.Device Device, torch.ScalarType DType);
