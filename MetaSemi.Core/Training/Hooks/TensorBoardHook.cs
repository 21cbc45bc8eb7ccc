using MetaSemi.Algorithms;
using MetaSemi.TensorBoard;

namespace MetaSemi;

/// <summary>
/// The built-in hook that writes TensorBoard scalars under the metrics' names (rank 0 with a run folder), one new
/// events file per fit that starts with a session restart at the fit's first step, so that TensorBoard drops what an
/// earlier, killed attempt wrote for the steps written again (docs/reliability.md). Written through to disk at each
/// evaluation, before the step's checkpoint.
/// </summary>
internal sealed class TensorBoardHook(string folder, Action<string> reportFailure) : ITrainingHook, IDisposable
{
    private EventsFileWriter? _writer;
    private bool _tried;

    public void OnTrainingStarted(TrainingStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (_tried)
        {
            return;
        }

        _tried = true;
        try
        {
            _writer = new EventsFileWriter(folder, info.Step);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reportFailure(e.Message);
        }
    }

    public void OnStepCompleted(TrainingProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (_writer is null)
        {
            return;
        }

        foreach (var (name, value) in progress.Metrics)
        {
            Scalar(name, value, progress.Step);
        }

        if (progress.Evaluation is { } evaluation)
        {
            Scalar(MetricNames.TestAccuracy, evaluation.Top1, progress.Step);
            if (evaluation.Top5 is double top5)
            {
                Scalar(MetricNames.TestTop5Accuracy, top5, progress.Step);
            }

            _writer.Flush();
        }
    }

    public void Dispose() => _writer?.Dispose();

    private void Scalar(string tag, double value, long step)
    {
        if (!double.IsNaN(value))
        {
            _writer!.AddScalar(tag, (float)value, step);
        }
    }
}
