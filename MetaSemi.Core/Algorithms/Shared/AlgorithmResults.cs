using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The metrics every algorithm of docs/design.md §7 reports (<see cref="MetricNames"/>), detached, from one step's
/// tensors; public so that an algorithm written outside the library reports what the built-in ones report.
/// </summary>
public static class AlgorithmResults
{
    /// <summary>
    /// A result with the loss and the standard metrics; <paramref name="maskRatio"/> and
    /// <paramref name="unlabeledAccuracy"/> are left out when null, <paramref name="extra"/> added as given.
    /// </summary>
    public static AlgorithmStepResult Create(
        torch.Tensor loss,
        SupervisedPart supervised,
        torch.Tensor unlabeledLoss,
        double weight,
        torch.Tensor? maskRatio,
        torch.Tensor? unlabeledAccuracy,
        params (string Name, torch.Tensor Value)[] extra)
    {
        var metrics = new Dictionary<string, torch.Tensor>
        {
            [MetricNames.Loss] = loss.detach(),
            [MetricNames.LabelLoss] = supervised.Loss.detach(),
            [MetricNames.LabelAccuracy] = supervised.Accuracy,
            [MetricNames.UnlabelLoss] = unlabeledLoss.detach(),
            [MetricNames.UnlabelWeight] = torch.tensor(weight, loss.dtype, loss.device),
        };
        if (maskRatio is not null)
        {
            metrics[MetricNames.MaskRatio] = maskRatio.detach();
        }

        if (unlabeledAccuracy is not null)
        {
            metrics[MetricNames.UnlabelAccuracy] = unlabeledAccuracy.detach();
        }

        foreach (var (name, value) in extra)
        {
            metrics[name] = value.detach();
        }

        return new AlgorithmStepResult(loss, metrics);
    }

    /// <summary>Accuracy of <paramref name="logits"/> against the unlabelled batch's hidden labels, or null without them.</summary>
    public static torch.Tensor? HiddenLabelAccuracy(torch.Tensor logits, Data.Batch unlabeled) =>
        unlabeled.Labels is { } hidden ? SemiSupervisedLosses.Accuracy(logits.detach(), hidden) : null;
}
