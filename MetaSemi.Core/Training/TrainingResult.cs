namespace MetaSemi;

/// <summary>The outcome of <see cref="SemiSupervisedTrainer.FitAsync"/>.</summary>
/// <param name="Steps">Completed steps (all of them, when resumed).</param>
/// <param name="Cancelled">True when the run stopped on cancellation (after saving a checkpoint if a run folder is set).</param>
/// <param name="BestAccuracy">Best top-1 test accuracy seen, in [0, 1]; NaN when never evaluated.</param>
/// <param name="BestStep">Step of <paramref name="BestAccuracy"/>; 0 when never evaluated.</param>
/// <param name="LastEvaluation">The most recent evaluation, or null.</param>
/// <param name="CheckpointPath">The checkpoint written last, or null.</param>
public sealed record TrainingResult(
    long Steps,
    bool Cancelled,
    double BestAccuracy,
    long BestStep,
    EvaluationResult? LastEvaluation,
    string? CheckpointPath)
{
    /// <summary>
    /// The model file (<see cref="Files.ModelFile.FileName"/> in the run folder) when the trainer writes one
    /// (<see cref="SemiSupervisedTrainerBuilder.WithModelFile(MetaSemi.Files.ModelDescription)"/>) and it exists; null otherwise (and on ranks other than 0).
    /// </summary>
    public string? ModelFilePath { get; init; }
}
