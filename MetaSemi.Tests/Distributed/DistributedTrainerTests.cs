using MetaSemi.Distributed;
using static MetaSemi.Tests.Distributed.TrainerScenarios;

namespace MetaSemi.Tests.Distributed;

/// <summary>
/// <see cref="SemiSupervisedTrainerBuilder.WithDistributed"/> end to end: MpiProbe runs the trainer on
/// 2 ranks (tiny models and data), the tests compare ranks with each other and with one process.
/// </summary>
[Collection(MpiCollection.Name)]
public class DistributedTrainerTests
{
    [MpiFact]
    public void After_20_MetaSemi_steps_on_2_ranks_the_parameters_are_bit_identical_and_only_rank_0_wrote_the_run_folder()
    {
        using var outcome = MpiLauncher.RunMpi("trainer-metasemi", ranks: 2);
        Assert.True(outcome.ExitCode == 0, outcome.Output);
        var rank0 = MpiLauncher.Result(outcome, "trainer-metasemi", 0);
        var rank1 = MpiLauncher.Result(outcome, "trainer-metasemi", 1);

        var state = rank0.Keys.Where(k => k.StartsWith("state.", StringComparison.Ordinal)).ToList();
        Assert.Contains("state.bn.running_mean", state);
        foreach (var name in state)
        {
            Assert.Equal(rank0[name], rank1[name]);
        }

        Assert.Equal([1.0], rank0["converted_sync_norms"]);
        Assert.Equal([MetaSemiSteps], rank0["steps"]);
        Assert.Equal(Enumerable.Range(1, MetaSemiSteps).Select(i => (double)i), rank0["reported_steps"]);

        // Logged values are the ranks' means: the same on both ranks.
        Assert.Equal(rank0["label_losses"], rank1["label_losses"]);

        // Positions count the pairs of both ranks.
        Assert.Equal([2.0 * MetaSemiSteps], rank0["stream_position"]);

        // Sharded evaluation (19 + 18 images in batches of 8) gives the whole test set's accuracies.
        Assert.Equal(rank0["evaluation_whole"], rank0["evaluation"]);
        Assert.Equal(rank0["evaluation"], rank1["evaluation"]);
        Assert.Equal(TestCount, rank0["evaluation"][2]);
        Assert.Equal(rank0["best"], rank1["best"]);

        var written = RunFolder(outcome.Folder, 0);
        foreach (var file in new[] { "checkpoint", "model_best", "metrics.csv", "options.json" })
        {
            Assert.True(File.Exists(Path.Combine(written, file)), $"rank 0 did not write {file}");
        }

        Assert.Equal(MetaSemiSteps + 1, File.ReadAllLines(Path.Combine(written, "metrics.csv")).Length);
        Assert.False(Directory.Exists(RunFolder(outcome.Folder, 1)), "rank 1 must not write its run folder");
    }

    [MpiFact]
    public void Two_ranks_with_batch_b_train_the_baseline_like_one_process_with_batch_2b()
    {
        // Reference: one process, the union batch, rank 0's initial model (seed 300).
        var expected = BaselineRun(SingleProcessCommunicator.Instance, 2 * DistributedScenarios.BatchPerRank);

        using var outcome = MpiLauncher.RunMpi("trainer-baseline", ranks: 2);
        Assert.True(outcome.ExitCode == 0, outcome.Output);
        var rank0 = MpiLauncher.Result(outcome, "trainer-baseline", 0);
        var rank1 = MpiLauncher.Result(outcome, "trainer-baseline", 1);
        foreach (var (name, values) in expected.Where(e => e.Key.StartsWith("state.", StringComparison.Ordinal)))
        {
            var actual = rank0[name];
            Assert.Equal(values.Length, actual.Length);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.True(Math.Abs(values[i] - actual[i]) <= 1e-10, $"{name}[{i}]: one process {values[i]:R}, rank 0 {actual[i]:R}");
            }

            Assert.Equal(actual, rank1[name]);
        }

        // The logged loss is the mean of the ranks' losses, which is the union batch's loss.
        for (int i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(expected["losses"][i] - rank0["losses"][i]) <= 1e-10, $"loss {i}: {expected["losses"][i]:R} vs {rank0["losses"][i]:R}");
        }
    }

    [MpiFact]
    public void A_2_rank_checkpoint_resumes_on_1_rank_and_a_1_rank_checkpoint_on_2_ranks()
    {
        // 2 ranks to step 10 (evaluations at 5 and 10), then 1 rank from that checkpoint to 15.
        using var two = MpiLauncher.RunMpi("trainer-metasemi", 2, "-", "10");
        Assert.True(two.ExitCode == 0, two.Output);
        var written = MpiLauncher.Result(two, "trainer-metasemi", 0);
        using var one = MpiLauncher.RunAlone("trainer-metasemi", null, Path.Combine(RunFolder(two.Folder, 0), "checkpoint"), "15");
        Assert.True(one.ExitCode == 0, one.Output);
        var resumed = MpiLauncher.Result(one, "trainer-metasemi", 0);
        Assert.Equal([10.0], resumed["start_step"]);
        Assert.Equal(written["best"], resumed["start_best"]);
        Assert.Equal(written["best_step"], resumed["start_best_step"]);
        Assert.Equal(Enumerable.Range(11, 5).Select(i => (double)i), resumed["reported_steps"]);
        Assert.Equal([15.0], resumed["steps"]);
        Assert.Equal([25.0], resumed["stream_position"]); // 20 pairs drawn by 2 ranks, then 5 by one

        // And back: 1 rank to step 5, then 2 ranks to step 10, identical on both.
        using var alone = MpiLauncher.RunAlone("trainer-metasemi", null, "-", "5");
        Assert.True(alone.ExitCode == 0, alone.Output);
        using var pair = MpiLauncher.RunMpi("trainer-metasemi", 2, Path.Combine(RunFolder(alone.Folder, 0), "checkpoint"), "10");
        Assert.True(pair.ExitCode == 0, pair.Output);
        var rank0 = MpiLauncher.Result(pair, "trainer-metasemi", 0);
        var rank1 = MpiLauncher.Result(pair, "trainer-metasemi", 1);
        Assert.Equal([5.0], rank0["start_step"]);
        Assert.Equal(MpiLauncher.Result(alone, "trainer-metasemi", 0)["best"], rank1["start_best"]);
        Assert.Equal([10.0], rank1["steps"]);
        Assert.Equal([15.0], rank0["stream_position"]); // 5 by one rank, then 10 by two
        foreach (var name in rank0.Keys.Where(k => k.StartsWith("state.", StringComparison.Ordinal)))
        {
            Assert.Equal(rank0[name], rank1[name]);
        }

        Assert.True(File.Exists(Path.Combine(RunFolder(pair.Folder, 0), "checkpoint")));
        Assert.False(Directory.Exists(RunFolder(pair.Folder, 1)));
    }

    [MpiFact]
    public void A_cancellation_on_one_rank_stops_every_rank_after_the_same_step_with_rank_0s_checkpoint()
    {
        using var outcome = MpiLauncher.RunMpi("trainer-cancel", ranks: 2);
        Assert.True(outcome.ExitCode == 0, outcome.Output);
        var rank0 = MpiLauncher.Result(outcome, "trainer-cancel", 0);
        var rank1 = MpiLauncher.Result(outcome, "trainer-cancel", 1);

        // Rank 1 cancels after step 3; its request travels with step 4's values; both stop after step 4.
        Assert.Equal([1.0], rank0["cancelled"]);
        Assert.Equal([1.0], rank1["cancelled"]);
        Assert.Equal([4.0], rank0["steps"]);
        Assert.Equal([4.0], rank1["steps"]);
        foreach (var name in rank0.Keys.Where(k => k.StartsWith("state.", StringComparison.Ordinal)))
        {
            Assert.Equal(rank0[name], rank1[name]);
        }

        Assert.True(File.Exists(Path.Combine(RunFolder(outcome.Folder, 0), "checkpoint")));
        Assert.False(Directory.Exists(RunFolder(outcome.Folder, 1)));
    }
}
