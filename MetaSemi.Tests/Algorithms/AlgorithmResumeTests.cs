using MetaSemi.Algorithms;
using MetaSemi.Tests.Core;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>
/// Resume mid-run for every field algorithm: a 6-step run cancelled after step 3 (which writes a checkpoint), a fresh
/// trainer resumed from it for the 3 remaining steps
/// equals 6 straight steps bit for bit (model, EMA teacher where the algorithm keeps one, and algorithm state; the views come from the stream,
/// which the checkpoint's position seeks).
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class AlgorithmResumeTests
{
    private sealed record RunState((string Name, Tensor Value)[] Model, IReadOnlyDictionary<string, Tensor> Ema, IReadOnlyDictionary<string, Tensor> Algorithm);

    private static RunState StateOf(SemiSupervisedTrainer trainer, nn.Module model) => new(
        TrainerTestKit.State(model),
        trainer.Teacher is null ? new Dictionary<string, Tensor>() : Assert.IsType<EmaTeacher>(trainer.Teacher).GetState(),
        trainer.Algorithm.GetState());

    private static async Task<RunState> Straight(string name, string folder)
    {
        using var train = AlgorithmTrainerTests.Source();
        var model = TrainerTestKit.Mlp(2, inputs: 4, hidden: 16, classes: 3, dtype: float64);
        using var trainer = AlgorithmTrainerTests.Use(AlgorithmTrainerTests.Builder(model, train), name).WithEvaluation(3).WithCheckpoints(folder).Build();
        await trainer.FitAsync(6);
        return StateOf(trainer, model);
    }

    private static async Task<RunState> Resumed(string name, string folder)
    {
        using (var train = AlgorithmTrainerTests.Source())
        {
            var model = TrainerTestKit.Mlp(2, inputs: 4, hidden: 16, classes: 3, dtype: float64);
            using var first = AlgorithmTrainerTests.Use(AlgorithmTrainerTests.Builder(model, train), name).WithEvaluation(3).WithCheckpoints(folder).Build();

            // Interrupted at step 3 of a 6-step run, so that schedules and ramps over the run see the same total.
            using var stop = new CancellationTokenSource();
            var result = await first.FitAsync(6, new CallbackProgress(p =>
            {
                if (p.Step == 3)
                {
                    stop.Cancel();
                }
            }), stop.Token);
            Assert.True(result.Cancelled);
        }

        using var again = AlgorithmTrainerTests.Source();

        // Another initialisation: everything must come from the checkpoint.
        var resumed = TrainerTestKit.Mlp(40, inputs: 4, hidden: 16, classes: 3, dtype: float64);
        using var second = AlgorithmTrainerTests.Use(AlgorithmTrainerTests.Builder(resumed, again), name).WithEvaluation(3)
            .WithCheckpoints(folder, resumeFrom: Path.Combine(folder, "checkpoint")).Build();
        await second.FitAsync(6);
        return StateOf(second, resumed);
    }

    [Theory]
    [MemberData(nameof(AlgorithmTrainerTests.Algorithms), MemberType = typeof(AlgorithmTrainerTests))]
    public async Task Resuming_mid_run_is_bit_identical_to_a_straight_run_model_EMA_and_algorithm_state(string name)
    {
        using var straightFolder = TrainerTestKit.TemporaryFolder();
        using var splitFolder = TrainerTestKit.TemporaryFolder();
        var straight = await Straight(name, straightFolder);
        var resumed = await Resumed(name, splitFolder);

        Assert.All(straight.Model.Zip(resumed.Model), p => Assert.True(TensorAssert.Identical(p.First.Value, p.Second.Value), p.First.Name));
        Assert.Equal(straight.Ema.Keys.Order(), resumed.Ema.Keys.Order());
        Assert.All(straight.Ema, kv => Assert.True(TensorAssert.Identical(kv.Value, resumed.Ema[kv.Key]), "ema " + kv.Key));
        Assert.Equal(straight.Algorithm.Keys.Order(), resumed.Algorithm.Keys.Order());
        Assert.All(straight.Algorithm, kv => Assert.True(TensorAssert.Identical(kv.Value, resumed.Algorithm[kv.Key]), "algorithm state " + kv.Key));
        var fresh = AlgorithmRegistry.Default.Get(name).Create(AlgorithmRegistry.Default.Get(name).CreateOptions());
        fresh.Initialize(AlgorithmTestKit.Setup(unlabeledCount: 40));
        Assert.Equal(fresh.GetState().Count > 0, straight.Algorithm.Count > 0);
        Assert.Equal(fresh.Requirements.EmaDecay is not null, straight.Ema.Count > 0);
        Assert.True(name is not ("flexmatch" or "freematch" or "softmatch") || straight.Algorithm.Count > 0, "the stateful methods keep state");
    }
}
