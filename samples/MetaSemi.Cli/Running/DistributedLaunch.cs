using System.Globalization;
using MetaSemi.Data;
using MetaSemi.Distributed;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>
/// How a training command was launched: alone (a group of one, exactly the single-process tool), or as
/// one rank of an <c>mpiexec</c> job, detected from the process manager's environment (hydra and other
/// PMI launchers set <c>PMI_SIZE</c> / <c>PMI_RANK</c>, hydra also <c>MPI_LOCALNRANKS</c> /
/// <c>MPI_LOCALRANKID</c>). Under a job of more than one rank it opens an <see cref="MpiCommunicator"/>,
/// gives each rank its share of the cores and, for <c>--device cuda</c>, the GPU of its local rank.
/// </summary>
internal sealed class DistributedLaunch : IDisposable
{
    private readonly MpiCommunicator? _mpi;

    private DistributedLaunch(MpiCommunicator? mpi, int localRank, int localSize)
    {
        _mpi = mpi;
        LocalRank = localRank;
        LocalSize = localSize;
    }

    /// <summary>The group: the MPI job, or the single process.</summary>
    public ICommunicator Communicator => (ICommunicator?)_mpi ?? SingleProcessCommunicator.Instance;

    public int Rank => Communicator.Rank;

    public int Size => Communicator.Size;

    /// <summary>Whether this is one of several ranks.</summary>
    public bool IsDistributed => Size > 1;

    /// <summary>Whether this process writes the run folder (rank 0, or the only process).</summary>
    public bool IsWriter => Rank == 0;

    /// <summary>This rank's index among the ranks on its machine.</summary>
    public int LocalRank { get; }

    /// <summary>The number of ranks on this machine.</summary>
    public int LocalSize { get; }

    /// <summary>Detects the launch from <paramref name="environment"/> (the process's when null).</summary>
    public static DistributedLaunch Detect(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        int size = Number(environment("PMI_SIZE")) ?? Number(environment("MPI_LOCALNRANKS")) ?? 1;
        if (size <= 1)
        {
            return new DistributedLaunch(null, 0, 1);
        }

        var mpi = new MpiCommunicator();
        int localSize = Number(environment("MPI_LOCALNRANKS")) ?? 1;
        int localRank = Number(environment("MPI_LOCALRANKID")) ?? 0;
        var launch = new DistributedLaunch(mpi, localRank, Math.Max(1, localSize));

        // Ranks on one machine share its cores: libtorch's default (all cores each) oversubscribes them.
        torch.set_num_threads(Math.Max(1, Environment.ProcessorCount / launch.LocalSize));
        return launch;
    }

    /// <summary><c>cuda</c> becomes <c>cuda:&lt;local rank&gt;</c> under a job of several ranks; other devices are kept.</summary>
    public string Device(string device) =>
        IsDistributed && device.Equals("cuda", StringComparison.OrdinalIgnoreCase) ? $"cuda:{LocalRank}" : device;

    /// <summary>This rank's shard of the training stream (null alone: the default stream).</summary>
    public PairedStreamOptions? StreamOptions => IsDistributed ? new PairedStreamOptions { Rank = Rank, WorldSize = Size } : null;

    /// <summary>
    /// Ends the whole job after a failure on this rank: the others may be waiting in a collective, and
    /// disposing (MPI_Finalize, itself collective) could wait for them forever.
    /// </summary>
    public void AbortJob(TextWriter error, Exception failure, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(failure);
        error.WriteLine($"metasemi: rank {Rank} of {Size} failed, aborting the job: {failure.GetType().Name}: {failure.Message}");
        error.Flush();
        _mpi?.Abort(exitCode);
    }

    /// <summary>Finalises MPI (collective: every rank reaches it at the end of a successful run).</summary>
    public void Dispose() => _mpi?.Dispose();

    private static int? Number(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : null;
}
