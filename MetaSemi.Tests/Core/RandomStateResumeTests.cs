using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>
/// Torch's global generator (dropout) across checkpoints and across trainers: a resumed run and a
/// trainer that shares the process with another draw the same dropout masks as an uninterrupted run.
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class RandomStateResumeTests
{
    private const double Dropout = 0.5;

    private static (InMemoryPairedSource Train, InMemoryTestSource Test) Data() =>
        SyntheticProblems.TwoMoons(seed: 31, labelsPerClass: 10, unlabeled: 200, test: 40, batchSize: 16);

    [Fact]
    public void A_checkpoint_restores_the_global_generator_it_was_saved_with()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        string path = Path.Combine(folder, "checkpoint");
        var model = TrainerTestKit.Mlp(2, dropout: Dropout);
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        using var generator = new Generator(3);
        manual_seed(77);
        Checkpoint.Save(path, new CheckpointInfo(4, double.NaN, 0, 3, 4), model, optimizer, generator);
        using var expected = rand(64);

        manual_seed(78);
        rand(5).Dispose();
        Checkpoint.Restore(path, model, optimizer, generator);
        using var actual = rand(64);

        Assert.True(TensorAssert.Identical(expected, actual));
    }

    [Fact]
    public async Task With_dropout_k_steps_then_a_resume_in_a_fresh_trainer_then_k_steps_equal_2k_steps_bit_for_bit()
    {
        const int k = 6;
        using var straightFolder = TrainerTestKit.TemporaryFolder();
        using var splitFolder = TrainerTestKit.TemporaryFolder();

        var (train1, test1) = Data();
        var straight = TrainerTestKit.Mlp(40, dropout: Dropout);
        using (var trainer = TrainerTestKit.SmallRun(straight, train1, test1, seed: 8).WithEvaluation(k).WithCheckpoints(straightFolder).Build())
        {
            await trainer.FitAsync(2 * k);
        }

        var (train2, test2) = Data();
        using (var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(40, dropout: Dropout), train2, test2, seed: 8).WithEvaluation(k).WithCheckpoints(splitFolder).Build())
        {
            await trainer.FitAsync(k);
        }

        // What a new process would do before resuming: other seeds, other draws from the global generator.
        var (train3, test3) = Data();
        var resumed = TrainerTestKit.Mlp(999, dropout: Dropout);
        randn(100).Dispose();
        using (var trainer = TrainerTestKit.SmallRun(resumed, train3, test3, seed: 8).WithEvaluation(k)
            .WithCheckpoints(splitFolder, resumeFrom: Path.Combine(splitFolder, "checkpoint")).Build())
        {
            await trainer.FitAsync(2 * k);
        }

        AssertSameState(straight, resumed, "after resume");
    }

    [Fact]
    public async Task A_second_trainer_fitting_in_between_does_not_change_the_first_trainers_dropout()
    {
        const int k = 5;
        var (train1, _) = Data();
        var straight = TrainerTestKit.Mlp(50, dropout: Dropout);
        using (var trainer = TrainerTestKit.SmallRun(straight, train1, null, seed: 4).Build())
        {
            await trainer.FitAsync(2 * k);
        }

        var (train2, _) = Data();
        var interrupted = TrainerTestKit.Mlp(50, dropout: Dropout);
        using var first = TrainerTestKit.SmallRun(interrupted, train2, null, seed: 4).Build();
        await first.FitAsync(k);

        // Another trainer in the same process: building its model reseeds torch, training draws dropout masks.
        var (train3, _) = Data();
        using (var other = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(51, dropout: Dropout), train3, null, seed: 5).Build())
        {
            await other.FitAsync(k);
        }

        await first.FitAsync(2 * k);

        AssertSameState(straight, interrupted, "after another trainer ran in between");
    }

    private static void AssertSameState(nn.Module expected, nn.Module actual, string when)
    {
        foreach (var ((name, a), (_, b)) in TrainerTestKit.State(expected).Zip(TrainerTestKit.State(actual)))
        {
            Assert.True(TensorAssert.Identical(a, b), $"{name} differs {when}");
        }
    }
}
