using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// What one step returns: the loss to minimise (with its graph) and named scalar metrics (0-d tensors,
/// detached, copied off the device by the trainer in one transfer). Names follow <see cref="MetricNames"/>;
/// an algorithm reports only the metrics that apply to it. The trainer stops the run when
/// <see cref="Loss"/> or any metric whose name ends in <c>loss</c> is not finite.
/// </summary>
public sealed class AlgorithmStepResult
{
    /// <summary>Creates a result.</summary>
    public AlgorithmStepResult(torch.Tensor loss, IReadOnlyDictionary<string, torch.Tensor> metrics)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(metrics);
        Loss = loss;
        Metrics = metrics;
    }

    /// <summary>The scalar loss, with its graph.</summary>
    public torch.Tensor Loss { get; }

    /// <summary>Named scalar metrics (0-d, detached).</summary>
    public IReadOnlyDictionary<string, torch.Tensor> Metrics { get; }
}
