using Microsoft.Extensions.Logging;

namespace MetaSemi;

/// <summary>
/// One fit's hooks in their order (<see cref="ITrainingHook"/>): the trainer's own — metrics.csv and TensorBoard (rank 0
/// with a run folder), the log lines, the progress callback — then the user's, each event passed to every hook. Disposing
/// it closes the trainer's own hooks (the user's stay the user's).
/// </summary>
internal sealed class TrainingHooks : IDisposable
{
    private readonly List<ITrainingHook> _builtIn = [];
    private readonly ITrainingHook[] _all;

    public TrainingHooks(TrainerSetup setup, int rank, IProgress<TrainingProgress>? progress, ILogger logger)
    {
        if (setup.Options.RunFolder is { } folder && rank == 0)
        {
            _builtIn.Add(new MetricsCsvHook(folder));
            _builtIn.Add(new TensorBoardHook(folder, reason => TrainerLog.TensorBoardUnavailable(logger, reason)));
        }

        _builtIn.Add(new LogHook(logger, setup.Options.LogEverySteps));
        if (progress is not null)
        {
            _builtIn.Add(new ProgressHook(progress));
        }

        _all = [.. _builtIn, .. setup.Hooks];
    }

    public void TrainingStarted(TrainingStartInfo info) => Each(h => h.OnTrainingStarted(info));

    public void EvaluationStarting(long step) => Each(h => h.OnEvaluationStarting(step));

    public void EvaluationCompleted(EvaluationResult evaluation) => Each(h => h.OnEvaluationCompleted(evaluation));

    public void StepCompleted(TrainingProgress progress) => Each(h => h.OnStepCompleted(progress));

    public void CheckpointWritten(CheckpointWrittenInfo checkpoint) => Each(h => h.OnCheckpointWritten(checkpoint));

    public void TrainingEnded(TrainingResult result) => Each(h => h.OnTrainingEnded(result));

    private void Each(Action<ITrainingHook> call)
    {
        foreach (var hook in _all)
        {
            call(hook);
        }
    }

    public void Dispose()
    {
        foreach (var hook in _builtIn.OfType<IDisposable>())
        {
            hook.Dispose();
        }
    }
}
