using System.Globalization;
using System.Text;
using MetaSemi.Algorithms;
using Microsoft.Extensions.Logging;

namespace MetaSemi;

/// <summary>The built-in hook that logs every n-th step's metrics by name, and each evaluation.</summary>
internal sealed class LogHook(ILogger logger, int everySteps) : ITrainingHook
{
    public void OnStepCompleted(TrainingProgress progress)
    {
        if (progress.Step % everySteps == 0 && logger.IsEnabled(LogLevel.Information))
        {
            TrainerLog.Step(logger, progress.Step, progress.TotalSteps, Format(progress.Metrics), progress.DataSeconds, progress.ComputeSeconds);
        }

        if (progress.Evaluation is { } result)
        {
            TrainerLog.Evaluated(logger, result.Step, result.Top1, result.Top5?.ToString("P2", CultureInfo.InvariantCulture) ?? "n/a",
                result.Count, progress.BestAccuracy, progress.BestStep);
        }
    }

    /// <summary>
    /// <c>lr 0.1 w 1 loss 0.1234 label-loss … label-acc 87.5%</c>: each metric by its name without <c>train/</c>,
    /// rates as G4, accuracies and ratios as percentages, losses to four decimals.
    /// </summary>
    internal static string Format(IReadOnlyDictionary<string, double> metrics)
    {
        var text = new StringBuilder();
        foreach (string name in MetricNames.Training.Where(metrics.ContainsKey).Concat(metrics.Keys.Where(k => !MetricNames.Training.Contains(k))))
        {
            double value = metrics[name];
            string label = name switch
            {
                MetricNames.LearningRate => "lr",
                MetricNames.UnlabelWeight => "w",
                _ => name.StartsWith("train/", StringComparison.Ordinal) ? name["train/".Length..] : name,
            };
            string format = name is MetricNames.LearningRate or MetricNames.UnlabelWeight ? "G4"
                : name.EndsWith("-acc", StringComparison.Ordinal) || name.EndsWith("ratio", StringComparison.Ordinal) ? "P1"
                : "F4";
            text.Append(text.Length == 0 ? string.Empty : " ").Append(label).Append(' ').Append(value.ToString(format, CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
