using MetaSemi.Data;
using MetaSemi.Models;
using MetaSemi.Scheduling;
using MetaSemi.Tests.Cli;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>
/// The guard against libtorch 2.10's wrong CPU convolutions with channel counts off the 16-channel block
/// (docs/reliability.md, "Narrow convolutions"): which layers it names, and what the trainer does with them.
/// </summary>
[Collection(MetaSemi.Tests.Models.TorchGlobalSeedCollection.Name)]
public sealed class NarrowConvolutionTests
{
    [Fact]
    public void Find_names_the_3x3_convolutions_whose_channels_are_off_the_16_channel_block()
    {
        using var model = nn.Sequential(
            ("stem", nn.Conv2d(1, 4, 3, padding: 1)),
            ("wide", nn.Conv2d(4, 16, 3, padding: 1)),
            ("pointwise", nn.Conv2d(16, 10, 1)),
            ("up", nn.ConvTranspose2d(16, 24, 3)),
            ("thin_up", nn.ConvTranspose2d(8, 32, 3)),
            ("tail", nn.Conv2d(32, 17, 5)));

        var found = NarrowConvolutions.Find(model);

        // 1×1 convolutions are fine whatever their channels; a transposed convolution is judged by its input channels.
        Assert.Equal([new NarrowConvolution("stem", 4), new NarrowConvolution("thin_up", 8), new NarrowConvolution("tail", 17)], found);
        Assert.Equal("stem (4 channels)", found[0].ToString());
    }

    [Fact]
    public void The_zoo_networks_have_no_narrow_convolution()
    {
        foreach (var arch in ModelZoo.Architectures)
        {
            foreach (var channels in new[] { 1, 3 })
            {
                using var model = ModelZoo.Create(arch, numClasses: 10, inputChannels: channels);
                Assert.True(NarrowConvolutions.Find(model).Count == 0, $"{arch} with {channels} input channels: {string.Join(", ", NarrowConvolutions.Find(model))}");
            }
        }
    }

    [Fact]
    public void Build_refuses_bf16_for_a_model_with_a_narrow_convolution_naming_the_layer()
    {
        using var run = new ShippedRun(batchSize: 4);
        var data = run.Data;
        using var model = NarrowCnn();
        var builder = SemiSupervisedTrainer.Create().UseSupervised().WithModel(model).WithData(data.Train, data.Test)
            .WithPrecision(MetaSemi.Precision.BFloat16);

        var error = Assert.ThrowsAny<Exception>(() => builder.Build());

        Assert.Contains(
            "Precision: BFloat16 computes wrong convolutions where a 3×3 or larger kernel has a channel count that is not a multiple of 16 (libtorch 2.10's oneDNN kernels; docs/reliability.md, \"Narrow convolutions\"), and the model has 1: conv (4 channels). Give them a multiple of 16 channels, or use Precision.Float32.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_float32_cpu_run_with_a_narrow_convolution_is_warned_naming_the_layer()
    {
        using var run = new ShippedRun(batchSize: 4);
        var data = run.Data;
        using var model = NarrowCnn();
        using var loggerFactory = new CapturingLoggerFactory();
        using (var trainer = SemiSupervisedTrainer.Create().UseSupervised().WithModel(model).WithData(data.Train, data.Test)
            .WithSchedule(Schedules.Constant()).WithLogging(loggerFactory, everySteps: 100).WithEvaluation(100).Build())
        {
            await trainer.FitAsync(1);
        }

        var warning = Assert.Single(loggerFactory.Entries, e => e.Id.Name == "NarrowConvolutionsFound");
        Assert.Equal(23, warning.Id.Id);
        Assert.Equal(
            "The model has 1 convolutions with a 3×3 or larger kernel and a channel count that is not a multiple of 16: conv (4 channels). On the CPU libtorch 2.10's oneDNN kernels have been measured to compute wrong gradients through such a convolution (docs/reliability.md, \"Narrow convolutions\"); give them a multiple of 16 channels",
            warning.Message);
    }

    [Fact]
    public async Task A_float32_run_of_a_zoo_network_is_not_warned()
    {
        using var run = new ShippedRun(batchSize: 4);
        var data = run.Data;
        torch.manual_seed(1);
        using var model = ModelZoo.SmallCnn(numClasses: 10);
        using var loggerFactory = new CapturingLoggerFactory();
        using (var trainer = SemiSupervisedTrainer.Create().UseSupervised().WithModel(model).WithData(data.Train, data.Test)
            .WithSchedule(Schedules.Constant()).WithLogging(loggerFactory, everySteps: 100).WithEvaluation(100).Build())
        {
            await trainer.FitAsync(1);
        }

        Assert.Contains(loggerFactory.Entries, e => e.Id.Name == "Starting");
        Assert.DoesNotContain(loggerFactory.Entries, e => e.Id.Name == "NarrowConvolutionsFound");
    }

    /// <summary>One 3×3 convolution of 4 output channels, then a classifier: 1×28×28 → 10 classes.</summary>
    private static nn.Module<Tensor, Tensor> NarrowCnn()
    {
        torch.manual_seed(1);
        return nn.Sequential(
            ("conv", nn.Conv2d(1, 4, 3, padding: 1)),
            ("act", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flat", nn.Flatten()),
            ("fc", nn.Linear(4, 10)));
    }

    /// <summary>The shipped Fashion-MNIST subset at 20 labels, as one disposable.</summary>
    private sealed class ShippedRun : IDisposable
    {
        private readonly ImageDataset _train;
        private readonly ImageDataset _test;

        public ShippedRun(int batchSize)
        {
            _train = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: true);
            _test = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: false);
            var split = new ClassBalancedSplitter(numLabels: 20, seed: 1).Split(_train);
            Data = SemiSupervisedData.Create(_train, _test, split, batchSize, KnownDatasets.FashionMnist.CreateAugmentation(), seed: 1);
        }

        public SemiSupervisedData Data { get; }

        public void Dispose()
        {
            Data.Dispose();
            _test.Dispose();
            _train.Dispose();
        }
    }
}
