using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>ResNet-18/50 in torchvision's layout: torchvision's parameter counts and names, shapes.</summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class ResNetTests
{
    [Fact]
    public void ResNet18_has_torchvision_parameter_count_and_names()
    {
        using var model = ModelZoo.ResNet18(numClasses: 1000);
        Assert.Equal(11_689_512, ModelSummary.ParameterCount(model));
        var keys = model.state_dict().Keys.ToHashSet();
        foreach (var key in new[] { "conv1.weight", "bn1.running_mean", "layer1.0.conv1.weight", "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_var", "layer4.1.bn2.bias", "fc.weight", "fc.bias" })
        {
            Assert.Contains(key, keys);
        }

        // 20 convs + fc weight/bias + 20 BNs × 5 entries.
        Assert.Equal(20 + 2 + (20 * 5), keys.Count);
    }

    [Fact]
    public void ResNet50_has_torchvision_parameter_count_and_bottleneck_names()
    {
        using var model = ModelZoo.ResNet50(numClasses: 1000);
        Assert.Equal(25_557_032, ModelSummary.ParameterCount(model));
        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Contains("layer3.5.conv3.weight", keys);
        Assert.Contains("layer4.0.downsample.1.num_batches_tracked", keys);
        Assert.Equal(2048, model.FeatureDimension);
    }

    [Theory]
    [InlineData("resnet18", 512)]
    [InlineData("resnet50", 2048)]
    public void Shapes_on_a_small_input_and_features_compose_to_forward(string arch, int features)
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.Create(arch, numClasses: 10);
        model.eval();
        var x = randn(1, 3, 64, 64);
        var f = model.Features(x);
        Assert.Equal([1L, (long)features], f.shape);
        var logits = model.forward(x);
        Assert.Equal([1L, 10L], logits.shape);
        TensorAssert.Equal(logits, model.Classify(f));
    }

    [Fact]
    public void ResNet18_flop_count_on_64x64_equals_the_sum_of_layer_formulas()
    {
        // 64×64 input: stem 7×7/2 → 32², max-pool → 16², then stages at 16², 8², 4², 2².
        static long Stage(long cin, long cout, long pixels) =>
            ((9 * cin * cout) + (3 * 9 * cout * cout) + (cin == cout ? 0 : cin * cout)) * pixels;
        var macs = (3L * 64 * 49 * 32 * 32) + Stage(64, 64, 256) + Stage(64, 128, 64) + Stage(128, 256, 16) + Stage(256, 512, 4) + (512L * 1000);
        using var model = ModelZoo.ResNet18(numClasses: 1000);
        Assert.Equal(2 * macs, FlopCounter.Count(model, 1, 3, 64, 64));
    }

    [Fact]
    public void Grey_input_replaces_only_the_stem()
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.ResNet18(numClasses: 10, inputChannels: 1);
        Assert.Equal([64L, 1L, 7L, 7L], model.state_dict()["conv1.weight"].shape);
        model.eval();
        Assert.Equal([2L, 10L], model.call(randn(2, 1, 32, 32)).shape);
    }
    [Fact]
    public void ResNet50_trains_in_float32_on_a_CPU_whose_oneDNN_divides_by_zero_in_strided_pointwise_backward()
    {
        // libtorch 2.10's oneDNN dies of SIGFPE in the backward of layer3.0's and layer4.0's strided 1×1 shortcut
        // convolutions (512→1024, 1024→2048) on AVX-512 CPUs, already at batch 2 and 64 px: without
        // SubsampledBottleneck this test kills the test host.
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = ModelZoo.ResNet50(numClasses: 10);
        model.train();
        var loss = nn.functional.cross_entropy(model.call(randn(2, 3, 64, 64)), tensor(new long[] { 1, 7 }));
        loss.backward();
        var shortcut = model.named_parameters().Single(p => p.name == "layer4.0.downsample.0.weight").parameter;
        Assert.Equal([2048L, 1024L, 1L, 1L], shortcut.shape);
        var norm = shortcut.grad!.norm().item<float>();
        Assert.True(float.IsFinite(norm) && norm > 0, $"layer4.0.downsample.0.weight gradient norm {norm}");
    }

    [Fact]
    public void ResNet50_equals_torchvision_network_in_output_and_every_gradient()
    {
        // The same seed builds TorchSharp's torchvision ResNet-50 and the zoo's (which subsamples the shortcut's
        // input instead of striding its 1×1 convolution); in float64 (no oneDNN) both run, and must agree.
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var reference = torchvision.models.resnet50(num_classes: 10);
        manual_seed(11);
        using var model = ModelZoo.ResNet50(numClasses: 10);
        reference.to(ScalarType.Float64).train();
        model.to(ScalarType.Float64).train();
        manual_seed(12);
        var x = randn(2, 3, 64, 64, dtype: ScalarType.Float64);
        var labels = tensor(new long[] { 3, 9 });

        var expected = reference.call(x);
        nn.functional.cross_entropy(expected, labels).backward();
        var actual = model.call(x);
        nn.functional.cross_entropy(actual, labels).backward();

        Assert.True(TensorAssert.MaxAbsDiff(expected, actual) < 1e-12, $"logits differ by {TensorAssert.MaxAbsDiff(expected, actual)}");
        var referenceGradients = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        var gradients = model.named_parameters().ToArray();
        Assert.Equal(referenceGradients.Count, gradients.Length);
        foreach (var (name, parameter) in gradients)
        {
            var diff = TensorAssert.MaxAbsDiff(referenceGradients[name], parameter.grad!);
            Assert.True(diff < 1e-10, $"{name}: gradients differ by {diff}");
        }
    }
}
