using MetaSemi.Algorithms;
using Microsoft.Extensions.Configuration;
using MetaSemi.Scheduling;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core.Algorithms;

/// <summary>The trainer's side of the seam: options copied at Build, settings that do not apply, the registry, the EMA teacher in the loop, hooks.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class AlgorithmSeamTests
{
    private static (InMemoryPairedSource Train, InMemoryTestSource Test) Data() =>
        SyntheticProblems.TwoMoons(seed: 8, labelsPerClass: 8, unlabeled: 64, test: 20, batchSize: 8, augmentNoise: 0.05);

    private static SemiSupervisedTrainerBuilder Builder(nn.Module<Tensor, Tensor> model, InMemoryPairedSource train) =>
        SemiSupervisedTrainer.Create(new SemiSupervisedTrainerOptions { Seed = 3 })
            .WithModel(model).WithData(train).WithOptimizer(0.05, 0.9, 1e-4).WithSchedule(Schedules.Constant());

    [Fact]
    public async Task Changing_the_builder_or_its_options_after_Build_does_not_change_the_trainer()
    {
        SupervisedOptions? captured = null;
        var (train1, _) = Data();
        var changed = TrainerTestKit.Mlp(2, dtype: float64);
        var builder = Builder(changed, train1).UseSupervised(o => { o.Mixup.Enabled = true; captured = o; });
        using var trainer = builder.Build();
        captured!.Mixup.Alpha = 0.01;
        captured.Mixup.Enabled = false;
        builder.WithOptimizer(0.5, 0.1, 0).WithSeed(99).UseSupervised(o => o.Mixup.Alpha = 5);
        await trainer.FitAsync(6);

        var (train2, _) = Data();
        var straight = TrainerTestKit.Mlp(2, dtype: float64);
        using (var reference = Builder(straight, train2).UseSupervised(o => o.Mixup.Enabled = true).Build())
        {
            await reference.FitAsync(6);
        }

        Assert.All(TrainerTestKit.State(changed).Zip(TrainerTestKit.State(straight)), p => Assert.True(TensorAssert.Identical(p.First.Value, p.Second.Value), p.First.Name));
        Assert.False(TensorAssert.Identical(changed.parameters().First(), TrainerTestKit.Mlp(2, dtype: float64).parameters().First()), "degenerate: nothing trained");
    }

    [Fact]
    public void MetaSemis_With_sugar_is_an_error_once_another_algorithm_is_chosen()
    {
        var (train, _) = Data();
        var error = Assert.Throws<InvalidOperationException>(() =>
            Builder(TrainerTestKit.Mlp(1), train).UseFixMatch().WithMetaGradient(o => o.Epsilon = 0.1));
        Assert.StartsWith("WithMetaGradient configures MetaSemi, but the builder trains 'fixmatch'", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Builder(TrainerTestKit.Mlp(1), train).UseReferenceBaseline().WithMixup(1.0));

        // The supervised baseline has mixup too: WithMixup edits its options; the rest of the sugar is MetaSemi's.
        Builder(TrainerTestKit.Mlp(1), train).UseSupervised().WithMixup(1.0);
        Assert.Throws<InvalidOperationException>(() => Builder(TrainerTestKit.Mlp(1), train).UseSupervised().WithConsistencyWeight(1.0));
    }

    [Fact]
    public void The_chosen_algorithms_options_are_validated_at_Build_naming_the_field()
    {
        var (train, _) = Data();
        var error = Assert.Throws<OptionsValidationException>(() =>
            Builder(TrainerTestKit.Mlp(1), train).UseMetaSemi(o => o.MetaGradient.Epsilon = -1).Build());
        Assert.StartsWith("MetaGradient.Epsilon", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void The_algorithm_and_its_options_bind_from_configuration_through_the_registry_and_an_unknown_key_is_an_error()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Algorithm:Name"] = "metasemi",
            ["Algorithm:Options:MetaGradient:Method"] = "Exact",
            ["Algorithm:Options:Consistency:Weight"] = "0.25",
        }).Build();
        var (train, _) = Data();
        using (var trainer = Builder(TrainerTestKit.Mlp(1), train).UseAlgorithm(configuration.GetSection("Algorithm")).Build())
        {
            var metaSemi = Assert.IsType<MetaSemiAlgorithm>(trainer.Algorithm);
            Assert.IsType<ExactMetaGradient>(metaSemi.MetaOptimizer);
            Assert.Equal(0.25, metaSemi.WeightSchedule.Weight(long.MaxValue));
        }

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Name"] = "supervised",
            ["Options:Threshold"] = "0.95",
        }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => { Builder(TrainerTestKit.Mlp(1), train).UseAlgorithm(bad); });
        Assert.Contains("Threshold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_registry_finds_names_case_insensitively_and_names_the_known_ones_for_an_unknown_name()
    {
        var registry = AlgorithmRegistry.Default;
        Assert.Equal(typeof(MetaSemiAlgorithmOptions), registry.Get("MetaSemi").OptionsType);
        Assert.Contains(registry.Algorithms, r => r.Name == "reference-baseline");
        var error = Assert.Throws<KeyNotFoundException>(() => registry.Get("fixmatc"));
        Assert.Contains("metasemi, supervised, reference-baseline", error.Message, StringComparison.Ordinal);

        var own = new AlgorithmRegistry().Register<SupervisedOptions>("mine", "a test", o => new SupervisedAlgorithm(o));
        Assert.Throws<ArgumentException>(() => own.Register<SupervisedOptions>("mine", "again", o => new SupervisedAlgorithm(o)));
        Assert.Throws<ArgumentException>(() => own.Register<SupervisedOptions>("Not Lower", "bad", o => new SupervisedAlgorithm(o)));
        Assert.IsType<SupervisedAlgorithm>(own.Get("mine").Create(new SupervisedOptions()));
    }

    [Fact]
    public async Task The_trainer_keeps_the_EMA_teacher_an_algorithm_asks_for_and_evaluates_it()
    {
        var (train, test) = Data();
        var model = TrainerTestKit.Mlp(4, dtype: float64);
        var snapshots = new List<(string Name, Tensor Value)[]> { TrainerTestKit.State(model) };
        var hook = new SnapshotHook(() => snapshots.Add(TrainerTestKit.State(model)));
        using var trainer = Builder(model, train).UseAlgorithm(new EmaSupervised(0.5)).WithData(train, test).WithEvaluation(3).WithHook(hook).Build();

        var result = await trainer.FitAsync(3);

        // e_0 = θ_0, e_t = ½ e_{t−1} + ½ θ_t for parameters; buffers are θ_t's.
        var teacher = Assert.IsType<EmaTeacher>(trainer.Teacher);
        var state = teacher.GetState();
        var parameterNames = model.named_parameters().Select(p => p.name).ToHashSet();
        for (int k = 0; k < snapshots[0].Length; k++)
        {
            string name = snapshots[0][k].Name;
            if (!parameterNames.Contains(name))
            {
                Assert.True(TensorAssert.Identical(snapshots[^1][k].Value, state["buffer." + name]), name);
                continue;
            }

            var expected = snapshots[0][k].Value;
            for (int t = 1; t < snapshots.Count; t++)
            {
                expected = 0.5 * expected + 0.5 * snapshots[t][k].Value;
            }

            Assert.True((expected - state["param." + name]).abs().max().item<double>() < 1e-14, name);
        }

        // Evaluation ran on the EMA weights: the same accuracy as the trained model with the average swapped in by hand.
        using (teacher.SwapIn())
        {
            var byHand = ClassifierEvaluationProbe.Top1(model, test);
            Assert.Equal(byHand, result.LastEvaluation!.Top1);
        }

        Assert.Equal(4, snapshots.Count);
    }

    [Fact]
    public async Task Resuming_an_algorithm_with_an_EMA_teacher_is_bit_identical_to_a_straight_run()
    {
        using var straightFolder = TrainerTestKit.TemporaryFolder();
        using var splitFolder = TrainerTestKit.TemporaryFolder();
        var (train1, test1) = Data();
        var straight = TrainerTestKit.Mlp(4, dropout: 0.2, dtype: float64);
        using (var trainer = Builder(straight, train1).WithData(train1, test1).UseAlgorithm(new EmaSupervised(0.7)).WithEvaluation(3).WithCheckpoints(straightFolder).Build())
        {
            await trainer.FitAsync(6);
            Assert.Equal(Checkpoint.EmaSection, SectionFileNames(Path.Combine(straightFolder, "checkpoint")).Single(n => n == Checkpoint.EmaSection));
            StateOf(trainer, out var straightEma);

            var (train2, test2) = Data();
            using (var first = Builder(TrainerTestKit.Mlp(4, dropout: 0.2, dtype: float64), train2).WithData(train2, test2).UseAlgorithm(new EmaSupervised(0.7)).WithEvaluation(3).WithCheckpoints(splitFolder).Build())
            {
                await first.FitAsync(3);
            }

            var (train3, test3) = Data();
            var resumed = TrainerTestKit.Mlp(40, dropout: 0.2, dtype: float64);
            using var second = Builder(resumed, train3).WithData(train3, test3).UseAlgorithm(new EmaSupervised(0.7)).WithEvaluation(3)
                .WithCheckpoints(splitFolder, resumeFrom: Path.Combine(splitFolder, "checkpoint")).Build();
            await second.FitAsync(6);
            StateOf(second, out var resumedEma);

            Assert.All(TrainerTestKit.State(straight).Zip(TrainerTestKit.State(resumed)), p => Assert.True(TensorAssert.Identical(p.First.Value, p.Second.Value), p.First.Name));
            Assert.All(straightEma.Zip(resumedEma), p => Assert.True(TensorAssert.Identical(p.First.Value, p.Second.Value), "ema " + p.First.Key));
        }
    }

    private static void StateOf(SemiSupervisedTrainer trainer, out KeyValuePair<string, Tensor>[] ema) =>
        ema = [.. ((EmaTeacher)trainer.Teacher!).GetState().OrderBy(p => p.Key, StringComparer.Ordinal)];

    private static IReadOnlyList<string> SectionFileNames(string path) => MetaSemi.Files.SectionFile.Read(path, Checkpoint.Kind).SectionNames;

    [Fact]
    public void Build_checks_the_data_against_what_the_algorithm_requires_naming_views_ratio_and_indices()
    {
        var (train, _) = Data();
        var needs = new EmaSupervised(0.5, new AlgorithmRequirements
        {
            UnlabeledViews = [MetaSemi.Data.ViewNames.Weak, MetaSemi.Data.ViewNames.Strong],
            UnlabeledRatio = 7,
            UsesExampleIndices = true,
        });

        var error = Assert.Throws<OptionsValidationException>(() => Builder(TrainerTestKit.Mlp(1), train).UseAlgorithm(needs).Build());

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Data.UnlabeledViews: the algorithm reads the unlabelled views weak, strong but the stream yields weak", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Data.UnlabeledRatio: the algorithm needs unlabelled batches of 7 × 8 = 56 examples (μ 7); the stream yields 8: ", StringComparison.Ordinal));
        const string Hint = "SemiSupervisedData.Create(train, test, split, batchSize, augmentation, seed, new PairedStreamOptions { UnlabeledRatio = 7, UnlabeledViews = [\"weak\", \"strong\"] })";
        Assert.Equal(2, error.Failures.Count(f => f.Contains(Hint, StringComparison.Ordinal)));
        Assert.Contains(error.Failures, f => f.StartsWith("Data.Indices", StringComparison.Ordinal));
    }

    private sealed class SnapshotHook(Action snapshot) : ITrainingHook
    {
        public void OnStepCompleted(TrainingProgress progress) => snapshot();
    }

    /// <summary>The supervised baseline with an EMA teacher that evaluation uses.</summary>
    private sealed class EmaSupervised(double decay, AlgorithmRequirements? requirements = null) : ISemiSupervisedAlgorithm
    {
        private readonly SupervisedAlgorithm _inner = new(new SupervisedOptions());

        public string Name => "ema-supervised";

        public AlgorithmRequirements Requirements { get; } = requirements ?? new() { UsesUnlabeledData = false, UnlabeledViews = [], EmaDecay = decay, EvaluateWithEma = true };

        public void Initialize(AlgorithmSetup setup)
        {
        }

        public AlgorithmStepResult Step(AlgorithmStepContext context) => _inner.Step(context);

        public IReadOnlyDictionary<string, Tensor> GetState() => new Dictionary<string, Tensor>();

        public void LoadState(IReadOnlyDictionary<string, Tensor> state)
        {
        }
    }
}

/// <summary>Top-1 of a model on a test source, written out (eval mode, no grad).</summary>
internal static class ClassifierEvaluationProbe
{
    public static double Top1(nn.Module<Tensor, Tensor> model, InMemoryTestSource test)
    {
        bool training = model.training;
        model.eval();
        long correct = 0;
        using (no_grad())
        {
            foreach (var batch in test.GetBatches(100))
            {
                using (batch)
                {
                    correct += model.forward(batch.Images.to(float64)).argmax(1).eq(batch.Labels!).sum().item<long>();
                }
            }
        }

        model.train(training);
        return (double)correct / test.Count;
    }
}
