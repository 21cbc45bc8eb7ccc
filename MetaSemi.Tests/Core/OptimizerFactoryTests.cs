using MetaSemi.Algorithms;
using MetaSemi.Scheduling;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>The trainer's optimizer comes from an <see cref="IOptimizerFactory"/>: SGD by default, any other when the user supplies one.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class OptimizerFactoryTests
{
    private const double LearningRate = 0.01;

    private static (InMemoryPairedSource Train, InMemoryTestSource Test) Data() =>
        SyntheticProblems.TwoMoons(seed: 5, labelsPerClass: 10, unlabeled: 40, test: 20, batchSize: 8);

    private static SemiSupervisedTrainerBuilder SupervisedRun(nn.Module<Tensor, Tensor> model, InMemoryPairedSource train, InMemoryTestSource test, IOptimizerFactory? factory) =>
        SemiSupervisedTrainer.Create()
            .UseSupervised()
            .WithModel(model)
            .WithData(train, test)
            .WithSeed(4)
            .WithOptimizer(LearningRate, 0, 0)
            .WithOptimizer(factory ?? SgdOptimizerFactory.Instance)
            .WithSchedule(Schedules.Constant());

    [Fact]
    public async Task A_supplied_factory_gets_every_parameter_in_one_group_and_its_optimizer_takes_the_steps()
    {
        var (train, test) = Data();
        var model = TrainerTestKit.Mlp(11);
        var parameters = model.parameters().ToArray();
        var before = parameters.Select(p => p.detach().clone()).ToArray();
        Tensor[] gradients = [];
        var factory = new AdamFactory();
        using (var trainer = SupervisedRun(model, train, test, factory)
            .WithHook(new AfterStep(() => gradients = [.. parameters.Select(p => p.grad!.detach().clone())])).Build())
        {
            var context = Assert.Single(factory.Contexts);
            var group = Assert.Single(context.Groups);
            Assert.Equal(parameters.Length, group.Parameters.Count);
            Assert.Equal([1.0], context.LearningRateMultipliers);
            Assert.Equal(LearningRate, context.Options.LearningRate);
            Assert.Same(factory.Created, trainer.Optimizer);
            await trainer.FitAsync(1);
        }

        // Adam's first step (bias-corrected moments m = g, v = g²) moves each weight by −lr · g / (|g| + ε), ε 1e-8;
        // SGD would move it by −lr · g.
        Assert.Equal(parameters.Length, gradients.Length);
        for (int i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i].to(float64);
            var expected = before[i].to(float64) - LearningRate * g / (g.abs() + 1e-8);
            Assert.True(expected.allclose(parameters[i].detach().to(float64), rtol: 0, atol: 1e-6), $"parameter {i} did not take Adam's first step");
        }
    }

    private sealed class AfterStep(Action action) : ITrainingHook
    {
        public void OnStepCompleted(TrainingProgress progress) => action();
    }

    [Fact]
    public async Task A_supplied_optimizer_is_checkpointed_and_a_resume_equals_the_straight_run_bit_for_bit()
    {
        using var straightFolder = TrainerTestKit.TemporaryFolder();
        using var splitFolder = TrainerTestKit.TemporaryFolder();
        var (train1, test1) = Data();
        var straight = TrainerTestKit.Mlp(12);
        using (var trainer = SupervisedRun(straight, train1, test1, new AdamFactory()).WithEvaluation(3).WithCheckpoints(straightFolder).Build())
        {
            await trainer.FitAsync(6);
        }

        var (train2, test2) = Data();
        using (var trainer = SupervisedRun(TrainerTestKit.Mlp(12), train2, test2, new AdamFactory()).WithEvaluation(3).WithCheckpoints(splitFolder).Build())
        {
            await trainer.FitAsync(3);
        }

        var (train3, test3) = Data();
        var resumed = TrainerTestKit.Mlp(99);
        using (var trainer = SupervisedRun(resumed, train3, test3, new AdamFactory()).WithEvaluation(3)
            .WithCheckpoints(splitFolder, resumeFrom: Path.Combine(splitFolder, "checkpoint")).Build())
        {
            await trainer.FitAsync(6);
        }

        foreach (var ((name, expected), (_, actual)) in TrainerTestKit.State(straight).Zip(TrainerTestKit.State(resumed)))
        {
            Assert.True(TensorAssert.Identical(expected, actual), $"{name} differs after the resume");
        }
    }

    [Fact]
    public void The_default_is_sgd_with_the_configured_settings()
    {
        var (train, test) = Data();
        using var trainer = SupervisedRun(TrainerTestKit.Mlp(13), train, test, null).Build();
        var sgd = Assert.IsType<TorchSharp.Modules.SGD>(trainer.Optimizer);
        Assert.Equal(LearningRate, Assert.Single(sgd.ParamGroups).LearningRate);
    }

    private sealed class AdamFactory : IOptimizerFactory
    {
        public List<OptimizerFactoryContext> Contexts { get; } = [];

        public optim.Optimizer? Created { get; private set; }

        public optim.Optimizer Create(OptimizerFactoryContext context)
        {
            Contexts.Add(context);
            Created = optim.Adam(context.Groups.SelectMany(g => g.Parameters), context.Options.LearningRate);
            return Created;
        }
    }
}
