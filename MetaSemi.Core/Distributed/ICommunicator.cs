using TorchSharp;

namespace MetaSemi.Distributed;

/// <summary>
/// The collective operations data-parallel training needs, over a fixed group of processes
/// (ranks <c>0 … Size − 1</c>). Every rank must call the same operations in the same order with
/// tensors of the same shape and dtype; a rank that calls something else deadlocks or fails.
/// </summary>
/// <remarks>
/// Tensors are changed in place. Supported dtypes: <see cref="torch.ScalarType.Float32"/>,
/// <see cref="torch.ScalarType.Float64"/>, <see cref="torch.ScalarType.Int32"/> and
/// <see cref="torch.ScalarType.Int64"/> (averages: floating only). Implementations serialise their
/// calls, but calls from several threads at once still reach the other ranks in an unspecified order.
/// </remarks>
public interface ICommunicator : IDisposable
{
    /// <summary>This process's rank, <c>0 ≤ Rank &lt; Size</c>; rank 0 is the one that logs and saves.</summary>
    int Rank { get; }

    /// <summary>The number of processes in the group.</summary>
    int Size { get; }

    /// <summary>Replaces <paramref name="tensor"/> on every rank by the element-wise sum over all ranks.</summary>
    /// <param name="tensor">Same shape and dtype on every rank; any device.</param>
    void AllReduceSum(torch.Tensor tensor);

    /// <summary>Replaces <paramref name="tensor"/> on every rank by the element-wise mean over all ranks.</summary>
    /// <param name="tensor">A floating tensor, same shape and dtype on every rank; any device.</param>
    void AllReduceAverage(torch.Tensor tensor);

    /// <summary>Overwrites <paramref name="tensor"/> on every rank with its value on rank <paramref name="root"/>.</summary>
    /// <param name="tensor">Same shape and dtype on every rank; any device.</param>
    /// <param name="root">The rank whose values are sent.</param>
    void Broadcast(torch.Tensor tensor, int root);

    /// <summary>Returns once every rank has entered the barrier.</summary>
    void Barrier();

    /// <summary>Gathers one number from every rank.</summary>
    /// <param name="value">This rank's number.</param>
    /// <returns>An array of length <see cref="Size"/> whose element <c>r</c> is rank <c>r</c>'s value, the same on every rank.</returns>
    double[] AllGather(double value);
}
