using MetaSemi.Models;
using MetaSemi.Models.Pretrained;
using MetaSemi.Tests.Cli;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models.Pretrained;

/// <summary>
/// The ImageNet ResNet-18 read from the NuGet package's ONNX files: its pooled features equal ONNX Runtime's run of the
/// original files (preprocessing graph, then the network) on the same images, and a missing or damaged file is named.
/// </summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class ImageNetResNet18WeightsTests(ITestOutputHelper output)
{
    [Fact]
    public void Features_equal_onnx_runtime_on_the_package_files_within_1e_4()
    {
        var root = ImageNetResNet18Weights.LocateDirectory();
        // Pixels in [0, 1] (mean 0, std 1): the model itself scales to 0–255, flips to BGR and subtracts the mean image.
        using var model = ModelZoo.PretrainedResNet18(5, 3, 224, [0, 0, 0], [1, 1, 1]);
        model.eval();
        using var generator = new TorchSharp.torch.Generator(20261206);
        using var images = rand([2, 3, 224, 224], generator: generator);
        float[] features;
        using (no_grad())
        {
            using var f = model.Features(images);
            Assert.Equal([2L, 512L], f.shape);
            features = f.data<float>().ToArray();
        }

        using var preprocess = new InferenceSession(Path.Combine(root, ImageNetResNet18Weights.PreprocessingFile));
        using var network = new InferenceSession(Path.Combine(root, ImageNetResNet18Weights.NetworkFile));
        double worst = 0;
        for (int i = 0; i < 2; i++)
        {
            using var pixels = (images[i].unsqueeze(0) * 255).contiguous();
            var input = new DenseTensor<float>(pixels.data<float>().ToArray(), [1, 3, 224, 224]);
            using var prepared = preprocess.Run([NamedOnnxValue.CreateFromTensor(preprocess.InputMetadata.Keys.Single(), input)]);
            var bgr = prepared.Single().AsTensor<float>().ToDenseTensor();
            using var pooled = network.Run([NamedOnnxValue.CreateFromTensor(network.InputMetadata.Keys.Single(), bgr)]);
            var expected = pooled.Single().AsEnumerable<float>().ToArray();
            Assert.Equal(512, expected.Length);
            Assert.True(expected.Max() > 0.1f, "ONNX Runtime's features are all near zero: the comparison would be empty.");
            for (int j = 0; j < 512; j++)
            {
                worst = Math.Max(worst, Math.Abs(expected[j] - features[(i * 512) + j]));
            }
        }

        output.WriteLine($"largest feature difference against ONNX Runtime: {worst:E2}");
        Assert.True(worst <= 1e-4, $"largest feature difference {worst:E2} > 1e-4");
    }

    [Fact]
    public void Every_convolution_and_batchnorm_tensor_is_read_from_the_file()
    {
        using var fresh = new PretrainedResNet(5, 3, 64);
        using var loaded = ModelZoo.PretrainedResNet18(5, 3, 64, [0, 0, 0], [1, 1, 1]);
        var freshState = fresh.state_dict();
        var changed = loaded.state_dict().Where(kv => !kv.Key.StartsWith("fc.", StringComparison.Ordinal) && !kv.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            .Select(kv => (kv.Key, Same: kv.Value.allclose(freshState[kv.Key], 0, 0))).ToArray();
        // 22 convolutions, 22 BatchNorms of 4 tensors each, and the two input-transform buffers.
        Assert.Equal(22 + (22 * 4) + 2, changed.Length);
        Assert.All(changed, c => Assert.False(c.Same, $"{c.Key} kept its initial value"));
        Assert.Contains(changed, c => c.Key == "layer4.2.bn2.running_var");
        Assert.Contains(changed, c => c.Key == "layer2.0.downsample.0.weight");
    }

    [Fact]
    public void A_folder_without_the_files_is_named_with_the_package_to_restore()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<FileNotFoundException>(() => ImageNetResNet18Weights.LocateDirectory(folder.Path));
        Assert.Contains(folder.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_network_file_is_named()
    {
        using var folder = new TempFolder();
        var source = ImageNetResNet18Weights.LocateDirectory();
        var network = Path.Combine(folder.Path, ImageNetResNet18Weights.NetworkFile);
        var preprocessing = Path.Combine(folder.Path, ImageNetResNet18Weights.PreprocessingFile);
        Directory.CreateDirectory(Path.GetDirectoryName(network)!);
        Directory.CreateDirectory(Path.GetDirectoryName(preprocessing)!);
        File.Copy(Path.Combine(source, ImageNetResNet18Weights.PreprocessingFile), preprocessing);
        var bytes = File.ReadAllBytes(Path.Combine(source, ImageNetResNet18Weights.NetworkFile));
        File.WriteAllBytes(network, bytes[..(bytes.Length / 2)]);

        using var model = new PretrainedResNet(5, 3, 64);
        var error = Assert.Throws<InvalidDataException>(() => ImageNetResNet18Weights.Load(model, [0, 0, 0], [1, 1, 1], folder.Path));
        Assert.Contains(network, error.Message, StringComparison.Ordinal);
    }
}
