using MetaSemi.Algorithms;
using MetaSemi.Scheduling;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>The trainer against hand-written loops and against itself across a resume.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class TrainerEquivalenceTests
{
    [Fact]
    public async Task No_meta_step_and_zero_weight_reduce_exactly_to_a_hand_written_supervised_loop()
    {
        const int steps = 8;
        var schedule = Schedules.WarmupMultiStep(3, [5], 0.5);
        var (trainSource, _) = SyntheticProblems.TwoMoons(seed: 4, labelsPerClass: 10, unlabeled: 200, test: 10, batchSize: 16);
        var trainerModel = TrainerTestKit.Mlp(11, dtype: float64);
        using (var trainer = SemiSupervisedTrainer.Create()
            .WithModel(trainerModel).WithData(trainSource).WithSeed(1)
            .WithMetaGradient(o => o.Method = MetaGradientMethod.None).WithoutMixup()
            .WithConsistencyWeight(0, 0).WithOptimizer(0.1, 0.9, 1e-3).WithSchedule(schedule)
            .Build())
        {
            await trainer.FitAsync(steps);
        }

        // The loop docs/design.md §2 reduces to: CE on the labelled batch, SGD with the scheduled rate.
        var (handSource, _) = SyntheticProblems.TwoMoons(seed: 4, labelsPerClass: 10, unlabeled: 200, test: 10, batchSize: 16);
        var handModel = TrainerTestKit.Mlp(11, dtype: float64);
        var optimizer = optim.SGD(handModel.parameters(), 0.1, 0.9, 0, 1e-3, false, false);
        for (int t = 0; t < steps; t++)
        {
            using var scope = NewDisposeScope();
            using var pair = handSource.Next();
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = ((ILearningRateSchedule)schedule).LearningRate(t, 0.1);
            }

            handModel.train();
            optimizer.zero_grad();
            nn.functional.cross_entropy(handModel.forward(pair.Labeled.Images.to(float64)), pair.Labeled.Labels!).backward();
            optimizer.step();
        }

        foreach (var (a, b) in trainerModel.named_parameters().Zip(handModel.named_parameters()))
        {
            Assert.True(TensorAssert.Identical(a.parameter, b.parameter), $"parameter {a.name} differs");
        }

        Assert.False(TensorAssert.Identical(trainerModel.named_parameters().First().parameter, TrainerTestKit.Mlp(11, dtype: float64).named_parameters().First().parameter),
            "degenerate check: training did not move the parameters");
    }

    [Fact]
    public async Task Resuming_from_a_checkpoint_in_a_fresh_trainer_gives_identical_parameters_and_buffers()
    {
        const int half = 5;
        using var straightFolder = TrainerTestKit.TemporaryFolder();
        using var splitFolder = TrainerTestKit.TemporaryFolder();
        (InMemoryPairedSource, InMemoryTestSource) Data() => SyntheticProblems.TwoMoons(seed: 6, labelsPerClass: 10, unlabeled: 200, test: 50, batchSize: 16, augmentNoise: 0.05);

        // Dropout, mixup and the finite-difference meta step: every random source is exercised.
        var (train1, test1) = Data();
        var straight = TrainerTestKit.Mlp(3, dropout: 0.3);
        using (var trainer = TrainerTestKit.SmallRun(straight, train1, test1, seed: 9).WithMixup(1.0).WithEvaluation(half).WithCheckpoints(straightFolder).Build())
        {
            await trainer.FitAsync(2 * half);
        }

        var (train2, test2) = Data();
        using (var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(3, dropout: 0.3), train2, test2, seed: 9).WithMixup(1.0).WithEvaluation(half).WithCheckpoints(splitFolder).Build())
        {
            await trainer.FitAsync(half);
        }

        // A new process would rebuild everything: a differently initialised model and a fresh stream.
        var (train3, test3) = Data();
        var resumed = TrainerTestKit.Mlp(1234, dropout: 0.3);
        TrainingResult result;
        using (var trainer = TrainerTestKit.SmallRun(resumed, train3, test3, seed: 9).WithMixup(1.0).WithEvaluation(half)
            .WithCheckpoints(splitFolder, resumeFrom: Path.Combine(splitFolder, "checkpoint")).Build())
        {
            result = await trainer.FitAsync(2 * half);
        }

        Assert.Equal(2 * half, result.Steps);
        Assert.Equal(2 * half, train3.Position);
        foreach (var ((name, a), (_, b)) in TrainerTestKit.State(straight).Zip(TrainerTestKit.State(resumed)))
        {
            Assert.True(TensorAssert.Identical(a, b), $"{name} differs after resume");
        }
    }
}
