using MetaSemi.Distributed;
using TorchSharp;

namespace MetaSemi.Tests.Distributed;

/// <summary>
/// A pretend group of <see cref="Size"/> ranks in one process, where every other rank holds exactly
/// this rank's data: a sum multiplies by Size, an average and a broadcast change nothing. Lets the
/// synchronised code paths run without MPI against references over Size copies of the batch.
/// </summary>
internal sealed class MirrorCommunicator(int size) : ICommunicator
{
    public int Rank => 0;

    public int Size { get; } = size;

    public int AllReduceCalls { get; private set; }

    public List<long> AllReduceElementCounts { get; } = [];

    public void AllReduceSum(torch.Tensor tensor)
    {
        AllReduceCalls++;
        AllReduceElementCounts.Add(tensor.numel());
        using var noGrad = torch.no_grad();
        tensor.mul_(Size);
    }

    public void AllReduceAverage(torch.Tensor tensor)
    {
        AllReduceCalls++;
        AllReduceElementCounts.Add(tensor.numel());
    }

    public void Broadcast(torch.Tensor tensor, int root)
    {
    }

    public void Barrier()
    {
    }

    public double[] AllGather(double value) => [.. Enumerable.Repeat(value, Size)];

    public void Dispose()
    {
    }
}
