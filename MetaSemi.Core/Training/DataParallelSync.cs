using MetaSemi.Distributed;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// The collective calls of data-parallel training, in the one order every rank makes them: per step,
/// the gradient average (one flat all-reduce) and the average of the logged values together with the
/// ranks' stop requests (one small all-reduce); per evaluation, the sum of the correct counts.
/// </summary>
internal sealed class DataParallelSync : IDisposable
{
    private readonly ICommunicator _communicator;
    private readonly GradientAllReducer _gradients;

    public DataParallelSync(torch.nn.Module model, ICommunicator communicator)
    {
        _communicator = communicator;
        _gradients = new GradientAllReducer(model, communicator);
    }

    public int Rank => _communicator.Rank;

    public int Size => _communicator.Size;

    /// <summary>This rank wants to stop (its cancellation token fired); sent with the next step's values.</summary>
    public bool LocalStopRequested { get; set; }

    /// <summary>Some rank wanted to stop as of the last step: every rank sees the same value, so all stop together.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>Forgets the stop requests of an earlier fit.</summary>
    public void ClearStopRequests()
    {
        LocalStopRequested = false;
        StopRequested = false;
    }

    /// <summary>Every gradient replaced by its mean over the ranks (after <c>backward()</c>, before <c>step()</c>).</summary>
    public void AverageGradients() => _gradients.AllReduce();

    /// <summary>
    /// The mean over the ranks of each of <paramref name="values"/> (NaN stays NaN), and the ranks'
    /// stop requests, in one all-reduce. Equal local batches make the mean of the ranks' batch means
    /// the mean over the union batch.
    /// </summary>
    public double[] AverageValues(double[] values)
    {
        var buffer = new double[values.Length + 1];
        values.CopyTo(buffer, 0);
        buffer[^1] = LocalStopRequested ? 1 : 0;
        using var tensor = torch.tensor(buffer);
        _communicator.AllReduceSum(tensor);
        var sums = tensor.data<double>().ToArray();
        StopRequested = sums[^1] > 0;
        return [.. sums.Take(values.Length).Select(v => v / _communicator.Size)];
    }

    /// <summary>Sums whole counts over the ranks (exact in float64 below 2^53).</summary>
    public long[] SumCounts(params long[] counts)
    {
        using var tensor = torch.tensor(counts.Select(c => (double)c).ToArray());
        _communicator.AllReduceSum(tensor);
        return [.. tensor.data<double>().ToArray().Select(v => checked((long)Math.Round(v)))];
    }

    /// <summary>Waits for every rank (so that rank 0's files are written when any rank returns).</summary>
    public void Barrier() => _communicator.Barrier();

    public void Dispose() => _gradients.Dispose();
}
