using MetaSemi.Algorithms;
using TorchSharp;

namespace MetaSemi;

/// <summary>The built-in hook that writes TensorBoard scalars under the metrics' names (rank 0 with a run folder).</summary>
internal sealed class TensorBoardHook(string folder, Action<string> reportFailure) : ITrainingHook
{
    private TorchSharp.Modules.SummaryWriter? _writer;
    private bool _tried;

    public void OnTrainingStarted(TrainingStartInfo info)
    {
        if (_tried)
        {
            return;
        }

        _tried = true;
        try
        {
            _writer = torch.utils.tensorboard.SummaryWriter(folder, createRunName: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TypeLoadException or FileNotFoundException)
        {
            reportFailure(e.Message);
        }
    }

    public void OnStepCompleted(TrainingProgress progress)
    {
        if (_writer is null)
        {
            return;
        }

        int step = checked((int)progress.Step);
        foreach (var (name, value) in progress.Metrics)
        {
            Scalar(name, value, step);
        }

        if (progress.Evaluation is { } evaluation)
        {
            Scalar(MetricNames.TestAccuracy, evaluation.Top1, step);
            if (evaluation.Top5 is double top5)
            {
                Scalar(MetricNames.TestTop5Accuracy, top5, step);
            }
        }
    }

    private void Scalar(string tag, double value, int step)
    {
        if (!double.IsNaN(value))
        {
            _writer!.add_scalar(tag, (float)value, step);
        }
    }
}
