using MetaSemi.Models.Pretrained;
using MetaSemi.Scheduling;
using MetaSemi.Tests.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models.Pretrained;

/// <summary>
/// The fine-tuning controls through the library's trainer, on tiny grey images and a freshly initialised network (the
/// mechanics do not depend on the ImageNet weights): frozen stages and their statistics stay bit for bit, the
/// backbone moves by exactly its learning-rate multiplier, frozen BatchNorm statistics stay while the weights train.
/// </summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class FineTuningTests
{
    private static PretrainedResNet Network(FineTuningOptions options)
    {
        manual_seed(11);
        var model = new PretrainedResNet(3, 1, 32, options);
        model.to(float64);
        return model;
    }

    private static Dictionary<string, Tensor> TrainOneStep(PretrainedResNet model, int steps = 1)
    {
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var generator = new Generator(5);
        var images = randn([12, 1, 20, 20], dtype: float64, generator: generator);
        var labels = tensor(Enumerable.Range(0, 12).Select(i => (long)(i % 3)).ToArray());
        using var train = new InMemoryPairedSource(images, labels, images, null, 3, 6, 7);
        using var trainer = SemiSupervisedTrainer.Create()
            .WithModel(model)
            .WithData(train, null)
            .WithSeed(1)
            .WithOptimizer(0.01, 0, 0)
            .WithSchedule(Schedules.WarmupMultiStep(0, [100], 0.5))
            .UseSupervised()
            .Build();
        trainer.FitAsync(steps).GetAwaiter().GetResult();
        return before;
    }

    [Fact]
    public void Frozen_stages_keep_their_weights_and_statistics_while_later_stages_and_the_head_train()
    {
        using var model = Network(new FineTuningOptions { FreezeThrough = BackboneStage.Layer2 });
        var before = TrainOneStep(model, steps: 2);
        foreach (var (name, value) in model.state_dict())
        {
            bool frozen = name.StartsWith("conv1.", StringComparison.Ordinal) || name.StartsWith("bn1.", StringComparison.Ordinal)
                || name.StartsWith("layer1.", StringComparison.Ordinal) || name.StartsWith("layer2.", StringComparison.Ordinal) || name.StartsWith("input_", StringComparison.Ordinal);
            bool same = value.equal(before[name]).all().item<bool>();
            if (frozen)
            {
                Assert.True(same, $"{name} changed although its stage is frozen");
            }
            else if (!name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                Assert.False(same, $"{name} did not train");
            }
        }
    }

    [Fact]
    public void The_backbone_moves_by_its_learning_rate_multiplier_and_the_head_by_the_full_rate()
    {
        using var full = Network(FineTuningOptions.Default);
        using var scaled = Network(new FineTuningOptions { BackboneLearningRateMultiplier = 0.25 });
        var fullBefore = TrainOneStep(full);
        var scaledBefore = TrainOneStep(scaled);
        var fullAfter = full.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        int checkedBackbone = 0;
        foreach (var (name, parameter) in scaled.named_parameters())
        {
            // Plain SGD (no momentum, no decay), the same start and batch: the first step is −rate·gradient.
            using var fullStep = fullAfter[name] - fullBefore[name];
            using var scaledStep = parameter - scaledBefore[name];
            double factor = name.StartsWith("fc.", StringComparison.Ordinal) ? 1.0 : 0.25;
            double error = (scaledStep - (factor * fullStep)).abs().max().item<double>();
            double size = fullStep.abs().max().item<double>();
            Assert.True(size > 0, $"{name} did not move");
            Assert.True(error <= 1e-12 * Math.Max(1, size) + (1e-9 * size), $"{name}: step differs from {factor}× the full step by {error:E2} (step {size:E2})");
            checkedBackbone += factor < 1 ? 1 : 0;
        }

        Assert.Equal(22 + (22 * 2), checkedBackbone); // 22 convolution weights, 22 BatchNorms × (γ, β)
    }

    [Fact]
    public void Frozen_batchnorm_statistics_stay_while_the_backbone_weights_train()
    {
        using var model = Network(new FineTuningOptions { FreezeBatchNormStatistics = true });
        var before = TrainOneStep(model);
        var norms = model.named_modules().Where(m => m.module is TorchSharp.Modules.BatchNorm2d).ToArray();
        Assert.Equal(22, norms.Length);
        foreach (var (name, _) in norms)
        {
            Assert.True(model.state_dict()[$"{name}.running_mean"].equal(before[$"{name}.running_mean"]).all().item<bool>(), $"{name}.running_mean changed");
        }

        Assert.False(model.state_dict()["layer3.0.conv1.weight"].equal(before["layer3.0.conv1.weight"]).all().item<bool>());
        Assert.True(model.training);
    }
}
