using System.Runtime.InteropServices;
using TorchSharp;

namespace MetaSemi.Distributed;

/// <summary>
/// An <see cref="ICommunicator"/> over <c>MPI_COMM_WORLD</c> of an MPI library with the MPICH ABI
/// (<c>libmpi.so.12</c> / <c>libmpich.so.12</c>; <c>msmpi.dll</c> on Windows), for processes started
/// by <c>mpiexec -n N dotnet app.dll …</c>. Started without <c>mpiexec</c>, it is a group of one.
/// </summary>
/// <remarks>
/// <para>MPI can be initialised once per process: create one instance at start-up and dispose it at
/// exit (which calls <c>MPI_Finalize</c> if this instance initialised MPI). If the host already
/// initialised MPI, the instance uses it and leaves finalisation to the host.</para>
/// <para>Before loading MPI it sets <c>UCX_ERROR_SIGNALS</c> to empty (unless already set), because
/// UCX's signal handlers would otherwise turn every NullReferenceException into a crash.</para>
/// <para>MPI errors come back as codes (the error handler is set to <c>MPI_ERRORS_RETURN</c>) and
/// are thrown as <see cref="MpiException"/> with MPI's own text.</para>
/// <para>CPU tensors are passed to MPI in place (non-contiguous ones through a contiguous copy).
/// CUDA tensors are handed to MPI directly when the library reports CUDA support
/// (<c>MPIX_Query_cuda_support</c>), otherwise staged through a pinned host buffer.</para>
/// </remarks>
public sealed class MpiCommunicator : ICommunicator
{
    private readonly MpiLibrary _mpi;
    private readonly bool _ownsInitialisation;
    private readonly Lock _gate = new();
    private readonly Dictionary<torch.ScalarType, torch.Tensor> _staging = [];
    private bool _disposed;

    /// <summary>Initialises MPI (or joins an MPI already initialised in this process) and reads rank and size.</summary>
    /// <exception cref="MpiException">No MPI library with the MPICH ABI could be loaded, MPI was already finalised, or initialisation failed.</exception>
    public MpiCommunicator()
    {
        _mpi = MpiLibrary.Instance;
        _mpi.Check(_mpi.Finalized(out int finalized), "MPI_Finalized");
        if (finalized != 0)
        {
            throw new MpiException("MPI was already finalised in this process; MPI can be initialised only once per process, so create one MpiCommunicator at start-up and keep it.");
        }

        _mpi.Check(_mpi.Initialized(out int initialized), "MPI_Initialized");
        if (initialized == 0)
        {
            // SERIALIZED: async code may resume on another thread; our lock keeps calls one at a time.
            _mpi.Check(_mpi.InitThread(IntPtr.Zero, IntPtr.Zero, MpiLibrary.ThreadSerialized, out int provided), "MPI_Init_thread");
            _ownsInitialisation = true;
            ThreadLevel = provided;
        }
        else
        {
            ThreadLevel = -1;
        }

        _mpi.Check(_mpi.CommSetErrhandler(MpiLibrary.CommWorld, MpiLibrary.ErrorsReturn), "MPI_Comm_set_errhandler");
        _mpi.Check(_mpi.CommRank(MpiLibrary.CommWorld, out int rank), "MPI_Comm_rank");
        _mpi.Check(_mpi.CommSize(MpiLibrary.CommWorld, out int size), "MPI_Comm_size");
        Rank = rank;
        Size = size;
        if (_ownsInitialisation && ThreadLevel < MpiLibrary.ThreadSerialized && size > 1)
        {
            Dispose();
            throw new MpiException($"The MPI library '{_mpi.Path}' provides thread level {ThreadLevel}, below MPI_THREAD_SERIALIZED (2), which training needs because calls may come from different threads.");
        }

        IsCudaAware = _mpi.QueryCudaSupport is { } query && query() != 0;
    }

    /// <inheritdoc />
    public int Rank { get; }

    /// <inheritdoc />
    public int Size { get; }

    /// <summary>True when the MPI library accepts CUDA device memory directly (MPICH's <c>MPIX_Query_cuda_support</c>).</summary>
    public bool IsCudaAware { get; }

    /// <summary>The thread level MPI_Init_thread provided, or −1 when MPI had been initialised by someone else.</summary>
    public int ThreadLevel { get; }

    /// <summary>The file name the MPI library was loaded from.</summary>
    public string LibraryName => _mpi.Path;

    /// <summary>MPI_Get_library_version's text, e.g. <c>MPICH Version: 4.0.2 …</c>.</summary>
    public string LibraryVersion => _mpi.LibraryVersion();

    /// <inheritdoc />
    public void AllReduceSum(torch.Tensor tensor)
    {
        TensorChecks.Require(tensor, nameof(tensor), floatingOnly: false);
        Run(tensor, (pointer, count, datatype) =>
            _mpi.Check(_mpi.Allreduce(MpiLibrary.InPlace, pointer, count, datatype, MpiLibrary.OpSum, MpiLibrary.CommWorld), "MPI_Allreduce"));
    }

    /// <inheritdoc />
    public void AllReduceAverage(torch.Tensor tensor)
    {
        TensorChecks.Require(tensor, nameof(tensor), floatingOnly: true);
        AllReduceSum(tensor);
        using (torch.no_grad())
        {
            tensor.div_(Size);
        }
    }

    /// <inheritdoc />
    public void Broadcast(torch.Tensor tensor, int root)
    {
        TensorChecks.Require(tensor, nameof(tensor), floatingOnly: false);
        if (root < 0 || root >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(root), root, $"The root of a broadcast must be a rank of the group, 0 … {Size - 1}.");
        }

        Run(tensor, (pointer, count, datatype) =>
            _mpi.Check(_mpi.Bcast(pointer, count, datatype, root, MpiLibrary.CommWorld), "MPI_Bcast"));
    }

    /// <inheritdoc />
    public void Barrier()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _mpi.Check(_mpi.Barrier(MpiLibrary.CommWorld), "MPI_Barrier");
        }
    }

    /// <inheritdoc />
    public double[] AllGather(double value)
    {
        var send = new[] { value };
        var receive = new double[Size];
        var sendHandle = GCHandle.Alloc(send, GCHandleType.Pinned);
        var receiveHandle = GCHandle.Alloc(receive, GCHandleType.Pinned);
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _mpi.Check(
                    _mpi.Allgather(sendHandle.AddrOfPinnedObject(), 1, MpiLibrary.Double, receiveHandle.AddrOfPinnedObject(), 1, MpiLibrary.Double, MpiLibrary.CommWorld),
                    "MPI_Allgather");
            }
        }
        finally
        {
            sendHandle.Free();
            receiveHandle.Free();
        }

        return receive;
    }

    /// <summary>
    /// Ends every process of the job with <paramref name="errorCode"/> (MPI_Abort). Call it when this
    /// rank fails and cannot continue, so that the other ranks do not wait for it forever.
    /// </summary>
    /// <param name="errorCode">The exit code mpiexec reports.</param>
    public void Abort(int errorCode) => _mpi.Check(_mpi.Abort(MpiLibrary.CommWorld, errorCode), "MPI_Abort");

    /// <summary>Releases the staging buffers and calls MPI_Finalize if this instance initialised MPI.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var buffer in _staging.Values)
            {
                buffer.Dispose();
            }

            _staging.Clear();
            if (_ownsInitialisation && _mpi.Finalized(out int finalized) == MpiLibrary.Success && finalized == 0)
            {
                _mpi.Check(_mpi.Finalize(), "MPI_Finalize");
            }
        }
    }

    private static int Datatype(torch.ScalarType dtype) => dtype switch
    {
        torch.ScalarType.Float32 => MpiLibrary.Float,
        torch.ScalarType.Float64 => MpiLibrary.Double,
        torch.ScalarType.Int32 => MpiLibrary.Int,
        torch.ScalarType.Int64 => MpiLibrary.LongLong,
        _ => throw new ArgumentException($"No MPI datatype for {dtype}."),
    };

    /// <summary>Runs <paramref name="call"/> on memory MPI can use, in chunks of at most int.MaxValue elements, and writes results back.</summary>
    private void Run(torch.Tensor tensor, Action<IntPtr, int, int> call)
    {
        long count = tensor.numel();
        if (count == 0)
        {
            return;
        }

        int datatype = Datatype(tensor.dtype);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            torch.Tensor buffer;
            if (tensor.device_type == DeviceType.CPU || IsCudaAware)
            {
                buffer = tensor.is_contiguous() ? tensor : tensor.contiguous();
                if (tensor.device_type != DeviceType.CPU)
                {
                    // The MPI library reads device memory outside libtorch's streams: let queued kernels finish first.
                    torch.cuda.synchronize(tensor.device);
                }
            }
            else
            {
                buffer = Staging(tensor.dtype, count);
                buffer.copy_(tensor.reshape(count));
            }

            IntPtr start = TensorMemory.DataPointer(buffer);
            long elementSize = buffer.ElementSize;
            for (long offset = 0; offset < count; offset += int.MaxValue)
            {
                int chunk = (int)Math.Min(int.MaxValue, count - offset);
                call(start + (nint)(offset * elementSize), chunk, datatype);
            }

            if (!ReferenceEquals(buffer, tensor))
            {
                tensor.copy_(buffer.reshape(tensor.shape));
            }
        }
    }

    /// <summary>A pinned host buffer of <paramref name="count"/> elements, grown as needed and kept for the next call.</summary>
    private torch.Tensor Staging(torch.ScalarType dtype, long count)
    {
        if (!_staging.TryGetValue(dtype, out var buffer) || buffer.numel() < count)
        {
            buffer?.Dispose();
            using var plain = torch.empty(count, dtype, torch.CPU);
            buffer = plain.pin_memory();
            buffer.DetachFromDisposeScope();
            _staging[dtype] = buffer;
        }

        return buffer.narrow(0, 0, count);
    }
}
