using static MetaSemi.Tests.Distributed.DistributedScenarios;

namespace MetaSemi.Tests.Distributed;

[Collection(MpiCollection.Name)]
public class MpiCommunicatorTests
{
    private const string Scenario = "collectives";

    [MpiFact]
    public void All_reduce_sum_and_average_broadcast_and_all_gather_give_the_right_numbers_on_two_ranks()
    {
        using var outcome = MpiLauncher.RunMpi(Scenario, ranks: 2);
        Assert.True(outcome.ExitCode == 0, outcome.Output);
        for (int rank = 0; rank < 2; rank++)
        {
            var result = MpiLauncher.Result(outcome, Scenario, rank);
            Assert.Equal([rank], result["rank"]);
            Assert.Equal([2.0], result["size"]);
            // UCX's SIGSEGV/SIGFPE handlers would have killed the rank instead.
            Assert.Equal([2.0], result["managed_faults_caught"]);

            double[] sum = [.. ReduceInput(0).Zip(ReduceInput(1), (a, b) => a + b)];
            Assert.Equal(sum, result["sum_f64"]);
            Assert.Equal(sum.Select(v => (double)(float)v), result["sum_f32"]);
            Assert.Equal(sum.Select(v => v / 2), result["average_f64"]);
            Assert.Equal(LongInput(0).Zip(LongInput(1), (a, b) => (double)(a + b)), result["sum_i64"]);
            Assert.Equal(MatrixInput(0).Zip(MatrixInput(1), (a, b) => a + b), result["sum_transposed"]);
            Assert.Equal(BroadcastInput(1), result["broadcast_from_last"]);
            Assert.Equal([GatherInput(0), GatherInput(1)], result["all_gather"]);
        }
    }

    [MpiFact]
    public void A_process_started_without_mpiexec_is_a_group_of_one_whose_collectives_change_nothing()
    {
        using var outcome = MpiLauncher.RunAlone(Scenario);
        Assert.True(outcome.ExitCode == 0, outcome.Output);
        var result = MpiLauncher.Result(outcome, Scenario, 0);
        Assert.Equal([1.0], result["size"]);
        Assert.Equal(ReduceInput(0), result["sum_f64"]);
        Assert.Equal(ReduceInput(0), result["average_f64"]);
        Assert.Equal(BroadcastInput(0), result["broadcast_from_last"]);
        Assert.Equal([GatherInput(0)], result["all_gather"]);
    }

    [MpiFact]
    public void An_mpi_error_arrives_as_an_MpiException_carrying_the_function_and_mpis_own_text()
    {
        // Rank 0 broadcasts 4 numbers, rank 1 expects 2: MPICH reports a truncation on rank 1.
        using var outcome = MpiLauncher.RunMpi("mpi-error", ranks: 2);
        Assert.Equal(5, outcome.ExitCode);
        Assert.Contains("rank 1: MpiException: MPI_Bcast failed with MPI error", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("truncat", outcome.Output, StringComparison.OrdinalIgnoreCase);
    }

    [MpiFact]
    public void Broadcasting_parameters_between_different_architectures_is_refused_on_every_rank()
    {
        using var outcome = MpiLauncher.RunMpi("model-mismatch", ranks: 2);
        Assert.True(outcome.ExitCode == 0, outcome.Output);
        for (int rank = 0; rank < 2; rank++)
        {
            Assert.Equal([1.0], MpiLauncher.Result(outcome, "model-mismatch", rank)["refused"]);
            Assert.Contains($"rank {rank}: The ranks' models differ: tensors per rank [4, 8]", outcome.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_mpi_library_fails_with_a_message_naming_it_and_suggesting_mpich()
    {
        const string missing = "/nonexistent/metasemi/libmpi.so.12";
        using var outcome = MpiLauncher.RunAlone(Scenario, new Dictionary<string, string> { ["METASEMI_MPI_LIBRARY"] = missing });
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(missing, outcome.Output, StringComparison.Ordinal);
        Assert.Contains("Install MPICH", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("METASEMI_MPI_LIBRARY", outcome.Output, StringComparison.Ordinal);
    }
}
