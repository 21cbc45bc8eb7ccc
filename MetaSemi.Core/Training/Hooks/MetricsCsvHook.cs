using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>The built-in hook that writes <c>metrics.csv</c> (rank 0 with a run folder): every metric, the times and the evaluation.</summary>
internal sealed class MetricsCsvHook(string folder) : ITrainingHook, IDisposable
{
    private MetricsCsvWriter? _writer;

    public void OnTrainingStarted(TrainingStartInfo info)
    {
        _writer?.Dispose();
        _writer = new MetricsCsvWriter(folder, info.Step);
    }

    public void OnStepCompleted(TrainingProgress progress)
    {
        var values = new Dictionary<string, double>(progress.Metrics)
        {
            [MetricNames.DataSeconds] = progress.DataSeconds,
            [MetricNames.ComputeSeconds] = progress.ComputeSeconds,
        };
        if (progress.Evaluation is { } evaluation)
        {
            values[MetricNames.TestAccuracy] = evaluation.Top1;
            if (evaluation.Top5 is double top5)
            {
                values[MetricNames.TestTop5Accuracy] = top5;
            }
        }

        _writer!.Append(progress.Step, values, flush: progress.Evaluation is not null);
    }

    public void Dispose() => _writer?.Dispose();
}
