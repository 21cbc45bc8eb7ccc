namespace MetaSemi;

/// <summary>
/// Code run around the training loop (docs/design.md, "The training loop and its plug-ins"), added with
/// <see cref="SemiSupervisedTrainerBuilder.WithHook"/>. The trainer's own outputs — metrics.csv, TensorBoard,
/// the log lines and the progress callback — are hooks too. Hooks run on the training thread, in the
/// order they were added after the built-in ones; an exception in a hook stops the run.
/// </summary>
public interface ITrainingHook
{
    /// <summary>Called once per <c>FitAsync</c>, before its first step.</summary>
    void OnTrainingStarted(TrainingStartInfo info)
    {
    }

    /// <summary>Called after each step (and its evaluation, when the step had one), before the step's checkpoint is written.</summary>
    void OnStepCompleted(TrainingProgress progress)
    {
    }

    /// <summary>Called when <c>FitAsync</c> returns a result (finished or cancelled), not when it throws.</summary>
    void OnTrainingEnded(TrainingResult result)
    {
    }
}
