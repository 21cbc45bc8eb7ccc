namespace MetaSemi.Tests.Core.Precision;

/// <summary>A checkpoint records the precision its run trained in, and a resume continues in that precision only.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class PrecisionResumeTests
{
    [Fact]
    public async Task A_checkpoint_records_the_precision_its_run_trained_in()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        await TrainTwoFloat32Steps(folder);

        Assert.Equal(MetaSemi.Precision.Float32, Checkpoint.ReadInfo(Path.Combine(folder, "checkpoint")).Precision);
    }

    [BFloat16Fact]
    public async Task A_bf16_trainer_refuses_to_resume_a_float32_checkpoint_and_leaves_it_unchanged()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        await TrainTwoFloat32Steps(folder);

        var checkpoint = Path.Combine(folder, "checkpoint");
        var before = File.ReadAllBytes(checkpoint);
        var (train2, test2) = SyntheticProblems.TwoMoons(seed: 3, labelsPerClass: 10, unlabeled: 100, test: 20, batchSize: 8);
        using var other = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(1), train2, test2, seed: 2).WithEvaluation(2)
            .WithCheckpoints(folder, resumeFrom: checkpoint).WithPrecision(MetaSemi.Precision.BFloat16).Build();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => other.FitAsync(4));

        Assert.Equal(
            $"'{checkpoint}' is a checkpoint of a run trained in Float32; this trainer runs in BFloat16 (Precision). A resume continues in its own precision: resume with Float32, or start a new run from its weights (the CLI's --init-from) to change it.",
            error.Message);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
    }

    /// <summary>Two float32 steps of a small MLP on two moons, checkpointed into <paramref name="folder"/>.</summary>
    private static async Task TrainTwoFloat32Steps(string folder)
    {
        var (train, test) = SyntheticProblems.TwoMoons(seed: 3, labelsPerClass: 10, unlabeled: 100, test: 20, batchSize: 8);
        using var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(1), train, test, seed: 2).WithEvaluation(2).WithCheckpoints(folder).Build();
        await trainer.FitAsync(2);
    }
}
