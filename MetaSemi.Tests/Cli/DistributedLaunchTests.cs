using MetaSemi.Cli.Running;

namespace MetaSemi.Tests.Cli;

/// <summary>How the training commands tell a plain start from one rank of an mpiexec job (without starting MPI).</summary>
public sealed class DistributedLaunchTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("1", null)]
    [InlineData(null, "1")]
    public void Without_a_job_of_several_ranks_the_command_is_the_single_process_one(string? pmiSize, string? localRanks)
    {
        var environment = new Dictionary<string, string?> { ["PMI_SIZE"] = pmiSize, ["MPI_LOCALNRANKS"] = localRanks, ["PMI_RANK"] = "0" };
        using var launch = DistributedLaunch.Detect(name => environment.GetValueOrDefault(name));
        Assert.False(launch.IsDistributed);
        Assert.True(launch.IsWriter);
        Assert.Equal(1, launch.Size);
        Assert.Null(launch.StreamOptions);
        Assert.Equal("cuda", launch.Device("cuda"));
        Assert.Equal("cpu", launch.Device("cpu"));
    }
}
