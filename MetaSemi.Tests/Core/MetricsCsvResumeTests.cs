using System.Globalization;

namespace MetaSemi.Tests.Core;

/// <summary>metrics.csv across a crash and a resume: every step once, in order, no cut-short row.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class MetricsCsvResumeTests
{
    [Fact]
    public async Task Resuming_drops_the_rows_written_after_the_checkpoint_so_each_step_appears_once()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        string csv = Path.Combine(folder, "metrics.csv");
        string earlyCheckpoint = Path.Combine(folder, "checkpoint-4");
        (InMemoryPairedSource, InMemoryTestSource) Data() => SyntheticProblems.TwoMoons(seed: 3, labelsPerClass: 10, unlabeled: 100, test: 20, batchSize: 8);

        // The "crashed" run: a checkpoint at step 4, then rows 5–7 (its later checkpoint is lost),
        // then a row cut short mid-write.
        var (train1, test1) = Data();
        using (var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(1), train1, test1, seed: 2).WithEvaluation(4).WithCheckpoints(folder).Build())
        {
            await trainer.FitAsync(4);
            File.Copy(Path.Combine(folder, "checkpoint"), earlyCheckpoint);
            await trainer.FitAsync(7);
        }

        File.AppendAllText(csv, "8,0.05,0.1");
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], Steps(csv).Take(7));

        var (train2, test2) = Data();
        using (var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(1), train2, test2, seed: 2).WithEvaluation(4)
            .WithCheckpoints(folder, resumeFrom: earlyCheckpoint).Build())
        {
            await trainer.FitAsync(10);
        }

        var lines = File.ReadAllLines(csv);
        Assert.StartsWith("step,train/lr,", lines[0], StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), Steps(csv));
        Assert.All(lines, line => Assert.Equal(13, line.Split(',').Length));
        Assert.False(File.Exists(csv + ".tmp"));
    }

    [Fact]
    public async Task A_trainer_given_a_run_id_refuses_to_resume_a_checkpoint_of_another_run_and_keeps_its_own()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var (train, test) = SyntheticProblems.TwoMoons(seed: 3, labelsPerClass: 10, unlabeled: 100, test: 20, batchSize: 8);
        using (var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(1), train, test, seed: 2).WithEvaluation(2).WithCheckpoints(folder).WithRunId("run-a").Build())
        {
            await trainer.FitAsync(2);
        }

        var checkpoint = Path.Combine(folder, "checkpoint");
        Assert.Equal("run-a", Checkpoint.ReadInfo(checkpoint).RunId);
        Assert.Equal("run-a", RunOptionsFile.ReadRunId(folder));
        var before = File.ReadAllBytes(checkpoint);

        var (train2, test2) = SyntheticProblems.TwoMoons(seed: 3, labelsPerClass: 10, unlabeled: 100, test: 20, batchSize: 8);
        using var other = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(1), train2, test2, seed: 2).WithEvaluation(2)
            .WithCheckpoints(folder, resumeFrom: checkpoint).WithRunId("run-b").Build();
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => other.FitAsync(4));
        Assert.Contains("is a checkpoint of run run-a; this trainer continues run run-b", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public async Task A_run_that_continues_without_a_crash_keeps_every_row()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var (train, test) = SyntheticProblems.TwoMoons(seed: 3, labelsPerClass: 10, unlabeled: 100, test: 20, batchSize: 8);
        using var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(1), train, test, seed: 2).WithEvaluation(3).WithCheckpoints(folder).Build();

        await trainer.FitAsync(3);
        await trainer.FitAsync(6);

        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), Steps(Path.Combine(folder, "metrics.csv")));
    }

    [Fact]
    public async Task A_metrics_file_cut_short_inside_its_header_is_started_afresh()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        string csv = Path.Combine(folder, "metrics.csv");
        File.WriteAllText(csv, "step,train/l");
        var (train, test) = SyntheticProblems.TwoMoons(seed: 3, labelsPerClass: 10, unlabeled: 100, test: 20, batchSize: 8);
        using var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(1), train, test, seed: 2).WithEvaluation(2).WithCheckpoints(folder).Build();

        await trainer.FitAsync(2);

        Assert.StartsWith("step,train/lr,", File.ReadAllLines(csv)[0], StringComparison.Ordinal);
        Assert.Equal([1, 2], Steps(csv));
    }

    private static IEnumerable<long> Steps(string csv) =>
        File.ReadAllLines(csv).Skip(1).Select(line => long.Parse(line.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
}
