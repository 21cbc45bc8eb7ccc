using MetaSemi.Data;
using MetaSemi.Models.Onnx;
using MetaSemi.Onnx;
using MetaSemi.Tests.Cli;
using MetaSemi.Tests.Models;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Onnx;

/// <summary>
/// docs/design.md §8: every zoo network exported to ONNX gives ONNX Runtime's logits equal to TorchSharp's eval-mode
/// logits within 1e-4 (float32), on random inputs and on real Fashion-MNIST images, and the exported file
/// passes ONNX Runtime's loader (OnnxImageClassifier.Load opens an InferenceSession on it).
/// </summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class OnnxExportEquivalenceTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-4f;

    [Theory]
    [InlineData("small-cnn", 1, 28)]
    [InlineData("convlarge", 3, 32)]
    [InlineData("wrn28-2", 3, 32)]
    [InlineData("resnet18", 3, 32)]
    [InlineData("resnet50", 3, 32)]
    [InlineData("shakeshake26", 3, 32)]
    public void Onnx_runtime_logits_equal_torchsharp_logits_on_random_inputs(string arch, int channels, int size)
    {
        using var model = OnnxTestModels.Create(arch, classes: 10, channels, seed: 20261201);
        manual_seed(7);
        using var input = randn(3, channels, size, size);
        Compare(arch, model, input, size, "random");
    }

    [Theory]
    [InlineData("small-cnn")]
    [InlineData("convlarge")]
    [InlineData("wrn28-2")]
    [InlineData("resnet18")]
    [InlineData("resnet50")]
    public void Onnx_runtime_logits_equal_torchsharp_logits_on_fashion_mnist_images(string arch)
    {
        using var model = OnnxTestModels.Create(arch, classes: 10, channels: 1, seed: 20261202);
        using var test = MnistReader.LoadFashionMnist(ShippedData.FashionMnistSmall, train: false);
        var normalization = KnownDatasets.FashionMnist.Normalization;
        using var images = test.Images.narrow(0, 0, 4).to(float32) / 255.0;
        using var input = (images - normalization.Mean[0]) / normalization.Std[0];
        Compare(arch, model, input, 28, "Fashion-MNIST");
    }

    [Fact]
    public void A_sequential_of_supported_layers_exports_and_an_unknown_layer_is_named()
    {
        manual_seed(5);
        using var stack = nn.Sequential(
            nn.Conv2d(1, 4, 3, stride: 2, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.Dropout(0.3),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3), nn.BatchNorm1d(3));
        using (no_grad())
        {
            foreach (var bn in stack.modules().OfType<TorchSharp.Modules.NormBase>())
            {
                bn.running_mean!.uniform_(-0.5, 0.5);
                bn.running_var!.uniform_(0.5, 2.0);
            }
        }

        stack.eval();
        using var input = randn(2, 1, 9, 9);
        using var folder = new TempFolder();
        var path = folder.File("stack.onnx");
        OnnxExport.Save(stack, OnnxTestModels.Describe("sequential", 3, 1, 9), path);
        float[] expected;
        using (no_grad())
        {
            expected = stack.call(input).data<float>().ToArray();
        }

        using var classifier = OnnxImageClassifier.Load(path);
        var actual = classifier.Logits(input.data<float>().ToArray(), 2);
        Assert.True(expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() <= Tolerance);

        using var unknown = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Tanh());
        var error = Assert.Throws<NotSupportedException>(() => OnnxExport.ToBytes(unknown, OnnxTestModels.Describe("sequential", 2, 1, 9)));
        Assert.Contains("'1' of type Tanh", error.Message, StringComparison.Ordinal);
    }

    private void Compare(string arch, MetaSemi.Models.FeatureModel model, Tensor input, int size, string what)
    {
        using var folder = new TempFolder();
        var path = folder.File($"{arch}.onnx");
        OnnxExport.Save(model, OnnxTestModels.Describe(arch, 10, (int)input.shape[1], size), path);
        var expected = OnnxTestModels.TorchLogits(model, input);

        using var classifier = OnnxImageClassifier.Load(path);
        var actual = classifier.Logits(input.contiguous().data<float>().ToArray(), (int)input.shape[0]);

        Assert.Equal(expected.Length, actual.Length);
        var maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        var maxLogit = expected.Max(Math.Abs);
        output.WriteLine($"{arch} on {what}: max |onnx − torch| = {maxDiff:E2}, max |logit| = {maxLogit:F3}, file {new FileInfo(path).Length:N0} bytes");
        Assert.True(maxDiff <= Tolerance, $"{arch}: ONNX Runtime's logits differ from TorchSharp's by {maxDiff:E3} (> {Tolerance:E0}) on {what} inputs.");
        // The logits are not all alike, so agreement means something.
        Assert.True(expected.Max() - expected.Min() > 0.1f, $"{arch}: the logits hardly vary ({expected.Min()}..{expected.Max()}).");
    }
}
