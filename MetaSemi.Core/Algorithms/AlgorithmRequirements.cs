using MetaSemi.Data;

namespace MetaSemi.Algorithms;

/// <summary>
/// What an <see cref="ISemiSupervisedAlgorithm"/> needs; <see cref="SemiSupervisedTrainerBuilder.Build"/>
/// checks the training data against it and makes the EMA teacher.
/// </summary>
public sealed record AlgorithmRequirements
{
    /// <summary>Whether the algorithm reads the unlabelled batch at all (false for the supervised baseline).</summary>
    public bool UsesUnlabeledData { get; init; } = true;

    /// <summary>The unlabelled views the step reads (<see cref="ViewNames"/>).</summary>
    public IReadOnlyList<string> UnlabeledViews { get; init; } = [ViewNames.Weak];

    /// <summary>μ: the unlabelled batch is μ times the labelled one.</summary>
    public int UnlabeledRatio { get; init; } = 1;

    /// <summary>The EMA decay of the teacher the trainer keeps (for the step and/or for evaluation); null for none.</summary>
    public double? EmaDecay { get; init; }

    /// <summary>Whether evaluation (and <c>model_best</c>) uses the EMA weights rather than the trained ones.</summary>
    public bool EvaluateWithEma { get; init; }

    /// <summary>Whether the unlabelled batches must carry example indices (per-example state).</summary>
    public bool UsesExampleIndices { get; init; }
}
