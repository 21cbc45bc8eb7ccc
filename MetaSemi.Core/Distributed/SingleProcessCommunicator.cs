using TorchSharp;

namespace MetaSemi.Distributed;

/// <summary>
/// The communicator of a run with one process: rank 0 of 1, every collective leaves its tensor as
/// it is. Lets the same training code run with and without MPI.
/// </summary>
public sealed class SingleProcessCommunicator : ICommunicator
{
    /// <summary>The shared instance; it holds no resources.</summary>
    public static SingleProcessCommunicator Instance { get; } = new();

    /// <inheritdoc />
    public int Rank => 0;

    /// <inheritdoc />
    public int Size => 1;

    /// <inheritdoc />
    public void AllReduceSum(torch.Tensor tensor) => TensorChecks.Require(tensor, nameof(tensor), floatingOnly: false);

    /// <inheritdoc />
    public void AllReduceAverage(torch.Tensor tensor) => TensorChecks.Require(tensor, nameof(tensor), floatingOnly: true);

    /// <inheritdoc />
    public void Broadcast(torch.Tensor tensor, int root)
    {
        TensorChecks.Require(tensor, nameof(tensor), floatingOnly: false);
        if (root != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(root), root, "The root of a broadcast must be a rank of the group: 0 for a single process.");
        }
    }

    /// <inheritdoc />
    public void Barrier()
    {
    }

    /// <inheritdoc />
    public double[] AllGather(double value) => [value];

    /// <summary>Does nothing: the single-process communicator holds nothing.</summary>
    public void Dispose()
    {
    }
}
