namespace MetaSemi.Models;

/// <summary>One class of a prediction.</summary>
/// <param name="ClassName">The class name from the model file.</param>
/// <param name="ClassIndex">The class's output index.</param>
/// <param name="Probability">Its softmax probability, in [0, 1].</param>
public sealed record ClassProbability(string ClassName, int ClassIndex, float Probability);
