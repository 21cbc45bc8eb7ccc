namespace MetaSemi;

/// <summary>
/// Code run around the training loop (docs/design.md, "The training loop and its plug-ins"), added with
/// <see cref="SemiSupervisedTrainerBuilder.WithHook"/>. The trainer's own outputs — metrics.csv, TensorBoard,
/// the log lines and the progress callback — are hooks too. Hooks run on the training thread, in the
/// order they were added after the built-in ones; an exception in a hook stops the run. In one step the events
/// come in this order: <see cref="OnEvaluationStarting"/> and <see cref="OnEvaluationCompleted"/> (at an
/// evaluation step with a test source), <see cref="OnStepCompleted"/>, then <see cref="OnCheckpointWritten"/>
/// (at an evaluation step, with a run folder, on rank 0).
/// </summary>
public interface ITrainingHook
{
    /// <summary>Called once per <c>FitAsync</c>, before its first step.</summary>
    void OnTrainingStarted(TrainingStartInfo info)
    {
    }

    /// <summary>Called after a step's optimizer step, before the test set is evaluated (the argument: the completed steps).</summary>
    void OnEvaluationStarting(long step)
    {
    }

    /// <summary>Called with the evaluation's result, before <see cref="OnStepCompleted"/> of the same step.</summary>
    void OnEvaluationCompleted(EvaluationResult evaluation)
    {
    }

    /// <summary>Called after each step (and its evaluation, when the step had one), before the step's checkpoint is written.</summary>
    void OnStepCompleted(TrainingProgress progress)
    {
    }

    /// <summary>Called after the checkpoint (and <c>model_best</c> and the model file, when they were due) is on disk.</summary>
    void OnCheckpointWritten(CheckpointWrittenInfo checkpoint)
    {
    }

    /// <summary>Called when <c>FitAsync</c> returns a result (finished or cancelled), not when it throws.</summary>
    void OnTrainingEnded(TrainingResult result)
    {
    }
}
