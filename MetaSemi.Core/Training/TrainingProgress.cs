namespace MetaSemi;

/// <summary>
/// What one training step reports (SPEC §2.3). Losses and accuracies that a step does not have
/// (the consistency terms of the supervised baseline, mixup when off, unlabelled accuracy without
/// hidden labels) are <see cref="double.NaN"/>.
/// </summary>
/// <param name="Step">Completed steps, this one included.</param>
/// <param name="TotalSteps">The step count <c>FitAsync</c> runs to.</param>
/// <param name="LearningRate">lr_t used by this step.</param>
/// <param name="ConsistencyWeight">w_t used by this step.</param>
/// <param name="Loss">The total loss that was minimised.</param>
/// <param name="LabelLoss">Cross-entropy of the labelled batch, model in evaluation mode before the update.</param>
/// <param name="UnlabelLoss">Consistency loss L_cons.</param>
/// <param name="InterpLoss">Mixup loss (KL batchmean).</param>
/// <param name="LabelAccuracy">Top-1 on the labelled batch, as for <paramref name="LabelLoss"/>.</param>
/// <param name="UnlabelAccuracy">Top-1 on the unlabelled batch against its hidden labels, training mode.</param>
/// <param name="DataSeconds">Seconds spent waiting for the batch.</param>
/// <param name="ComputeSeconds">Seconds spent computing the step.</param>
/// <param name="Evaluation">The test evaluation made after this step, or null.</param>
public sealed record TrainingProgress(
    long Step,
    long TotalSteps,
    double LearningRate,
    double ConsistencyWeight,
    double Loss,
    double LabelLoss,
    double UnlabelLoss,
    double InterpLoss,
    double LabelAccuracy,
    double UnlabelAccuracy,
    double DataSeconds,
    double ComputeSeconds,
    EvaluationResult? Evaluation);
