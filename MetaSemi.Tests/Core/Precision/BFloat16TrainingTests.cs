using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Models;
using MetaSemi.Scheduling;
using MetaSemi.Tests.Cli;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core.Precision;

/// <summary>bf16 autocast (docs/precision.md): the scope's state, a bf16 training run against fp32, and the refusals.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class BFloat16TrainingTests
{
    [BFloat16Fact]
    public void A_scope_turns_autocast_on_a_nested_float32_scope_off_and_each_restores_the_state_before_it()
    {
        using var linear = nn.Linear(8, 4);
        using var x = randn(2, 8);
        Assert.False(AutocastScope.IsEnabled);
        using (AutocastScope.BFloat16())
        {
            Assert.True(AutocastScope.IsEnabled);
            using (var y = linear.forward(x))
            {
                Assert.Equal(ScalarType.BFloat16, y.dtype);
            }

            using (AutocastScope.Float32IfEnabled())
            {
                Assert.False(AutocastScope.IsEnabled);
                using var y = linear.forward(x);
                Assert.Equal(ScalarType.Float32, y.dtype);
            }

            Assert.True(AutocastScope.IsEnabled);
        }

        Assert.False(AutocastScope.IsEnabled);
        Assert.Null(AutocastScope.Float32IfEnabled());
    }

    [BFloat16Fact]
    public void A_zoo_model_returns_float32_logits_under_autocast()
    {
        torch.manual_seed(1);
        using var model = ModelZoo.SmallCnn(numClasses: 10);
        using var x = randn(4, 1, 28, 28);
        using var scope = AutocastScope.BFloat16();
        using var logits = model.forward(x);
        Assert.Equal(ScalarType.Float32, logits.dtype);
    }

    [BFloat16Fact]
    public async Task A_bf16_run_keeps_float32_weights_and_follows_the_float32_run_closely_without_equalling_it()
    {
        var (fp32Loss, fp32Weights) = await Train(MetaSemi.Precision.Float32);
        var (bf16Loss, bf16Weights) = await Train(MetaSemi.Precision.BFloat16);

        Assert.All(bf16Weights, w => Assert.Equal(ScalarType.Float32, w.dtype));
        Assert.Equal(fp32Loss.Count, bf16Loss.Count);
        for (int i = 0; i < fp32Loss.Count; i++)
        {
            // bf16 keeps 8 bits of mantissa: a few per mille per op, a few per cent on the loss after some steps.
            Assert.InRange(Math.Abs(bf16Loss[i] - fp32Loss[i]) / fp32Loss[i], 0, 0.05);
        }

        double largest = fp32Weights.Zip(bf16Weights).Max(p => (p.First - p.Second).abs().max().item<float>());
        double scale = fp32Weights.Max(w => w.abs().max().item<float>());
        Assert.InRange(largest, 1e-7, 0.02 * scale);
    }

    [BFloat16Theory]
    [InlineData("supervised")]
    [InlineData("reference-baseline")]
    [InlineData("metasemi-no-meta-gradient")]
    public async Task An_algorithm_whose_step_starts_with_an_inference_mode_forward_trains_under_bf16(string algorithm)
    {
        // The inference-mode forward fills autocast's cache with inference tensors; the training forward after it in
        // the same scope must cast the weights afresh, or backward fails ("Inference tensors cannot be saved for backward").
        using var train = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: true);
        using var test = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: false);
        var split = new ClassBalancedSplitter(numLabels: 40, seed: 1).Split(train);
        using var data = SemiSupervisedData.Create(train, test, split, batchSize: 16, KnownDatasets.FashionMnist.CreateAugmentation(), seed: 1);
        torch.manual_seed(1);
        using var model = ModelZoo.SmallCnn(numClasses: 10);
        var builder = SemiSupervisedTrainer.Create().WithModel(model).WithData(data.Train).WithSchedule(Schedules.Constant()).WithPrecision(MetaSemi.Precision.BFloat16);
        builder = algorithm switch
        {
            "supervised" => builder.UseSupervised(),
            "reference-baseline" => builder.UseReferenceBaseline(),
            _ => builder.UseMetaSemi(o => o.MetaGradient.Method = MetaGradientMethod.None),
        };
        var losses = new List<double>();
        using (var trainer = builder.Build())
        {
            await trainer.FitAsync(3, new CallbackProgress(r => losses.Add(r.Loss)));
        }

        Assert.Equal(3, losses.Count);
        Assert.All(losses, l => Assert.True(double.IsFinite(l) && l > 0, $"loss {l}"));
    }

    [Fact]
    public void Build_refuses_bf16_on_a_cuda_device_naming_the_reason()
    {
        using var train = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: true);
        using var test = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: false);
        var split = new ClassBalancedSplitter(numLabels: 20, seed: 1).Split(train);
        using var data = SemiSupervisedData.Create(train, test, split, batchSize: 4, KnownDatasets.FashionMnist.CreateAugmentation(), seed: 1);
        using var model = ModelZoo.SmallCnn(numClasses: 10);
        var builder = SemiSupervisedTrainer.Create().UseSupervised().WithModel(model).WithData(data.Train, data.Test)
            .WithDevice("cuda").WithPrecision(MetaSemi.Precision.BFloat16);
        var error = Assert.ThrowsAny<Exception>(() => builder.Build());
        Assert.Contains("Precision BFloat16 cannot run here: bf16 autocast is implemented for the CPU only", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Six MetaSemi steps (finite difference, mixup) on the shipped subset from the same weights and stream.</summary>
    private static async Task<(List<double> Loss, Tensor[] Weights)> Train(MetaSemi.Precision precision)
    {
        using var train = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: true);
        using var test = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: false);
        var split = new ClassBalancedSplitter(numLabels: 100, seed: 1).Split(train);
        using var data = SemiSupervisedData.Create(train, test, split, batchSize: 16, KnownDatasets.FashionMnist.CreateAugmentation(), seed: 1);
        torch.manual_seed(1);
        using var model = ModelZoo.SmallCnn(numClasses: 10);
        var losses = new List<double>();
        using (var trainer = SemiSupervisedTrainer.Create().UseMetaSemi().WithModel(model).WithData(data.Train, data.Test)
            .WithOptimizer(lr: 0.03, momentum: 0.9, weightDecay: 5e-4).WithSchedule(Schedules.WarmupCosine(0, 6)).WithEvaluation(100)
            .WithPrecision(precision).Build())
        {
            await trainer.FitAsync(6, new CallbackProgress(r => losses.Add(r.Metrics[MetricNames.LabelLoss])));
        }

        return (losses, [.. model.parameters().Select(p => p.detach().clone())]);
    }
}
