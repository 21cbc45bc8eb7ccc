using TorchSharp.Modules;

namespace MetaSemi;

/// <summary>Parameters that train at <see cref="LearningRateMultiplier"/> times the schedule's learning rate.</summary>
/// <param name="Parameters">The group's parameters (each requires gradients).</param>
/// <param name="LearningRateMultiplier">The factor on the learning rate (≥ 0).</param>
public sealed record ParameterGroup(IReadOnlyList<Parameter> Parameters, double LearningRateMultiplier);
