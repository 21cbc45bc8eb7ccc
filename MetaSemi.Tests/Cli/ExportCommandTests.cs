using System.Text.Json;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Onnx;
using MetaSemi.Tests.Models;
using MetaSemi.Tests.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// <c>metasemi export</c> end to end: from a model file and from a checkpoint with its architecture, the
/// written ONNX file's logits equal TorchSharp's on Fashion-MNIST images, and its metadata carries the
/// class names and preprocessing.
/// </summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class ExportCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void Export_of_a_model_file_writes_onnx_with_its_description_and_torchsharp_logits()
    {
        using var model = OnnxTestModels.Create("small-cnn", classes: 10, channels: 1, seed: 31);
        var description = OnnxTestModels.Describe("small-cnn", 10, 1, 28) with { ClassNames = MnistReader.FashionMnistClassNames };
        var modelFile = folder.File("model");
        new SectionFileWriter()
            .Add("model", w => model.save(w))
            .Write(modelFile, "MetaSemi.NET model", JsonSerializer.SerializeToElement(description, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        var onnx = folder.File("model.onnx");

        var result = CliHarness.Run(CommandHandlers.Default, "export", "--model", modelFile, "--output", onnx);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("small-cnn, 10 classes, input 1×28×28", result.Output, StringComparison.Ordinal);
        using var classifier = OnnxImageClassifier.Load(onnx);
        Assert.Equal(MnistReader.FashionMnistClassNames, classifier.ClassNames);
        AssertSameLogits(model, classifier);
    }

    [Fact]
    public void Export_into_a_missing_folder_creates_it_and_an_unwritable_output_is_one_line_naming_the_option()
    {
        using var model = OnnxTestModels.Create("small-cnn", classes: 10, channels: 1, seed: 31);
        var description = OnnxTestModels.Describe("small-cnn", 10, 1, 28);
        var modelFile = folder.File("model");
        new SectionFileWriter()
            .Add("model", w => model.save(w))
            .Write(modelFile, "MetaSemi.NET model", JsonSerializer.SerializeToElement(description, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        var onnx = Path.Combine(folder.File("new"), "deeper", "model.onnx");

        var written = CliHarness.Run(CommandHandlers.Default, "export", "--model", modelFile, "--output", onnx);
        Assert.True(written.ExitCode == 0, written.Error);
        Assert.True(new FileInfo(onnx).Length > 0);

        File.WriteAllText(folder.File("a-file"), "not a folder");
        var refused = CliHarness.Run(CommandHandlers.Default, "export", "--model", modelFile, "--output", Path.Combine(folder.File("a-file"), "model.onnx"));
        Assert.Equal(CliApplication.FailureExitCode, refused.ExitCode);
        Assert.StartsWith("metasemi export: -o/--output '", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_of_a_checkpoint_takes_architecture_classes_and_the_data_sets_preprocessing()
    {
        using var model = OnnxTestModels.Create("small-cnn", classes: 10, channels: 1, seed: 32);
        var checkpoint = folder.File("checkpoint");
        using (var optimizer = optim.SGD(model.parameters(), 0.1))
        {
            Checkpoint.Save(checkpoint, new CheckpointInfo(5, 0.5, 5, 1, 0), model, optimizer, new Generator());
        }

        var onnx = folder.File("checkpoint.onnx");
        var result = CliHarness.Run(CommandHandlers.Default, "export", "--checkpoint", checkpoint, "-a", "small-cnn", "--num-classes", "10",
            "--dataset", "fashion-mnist", "--class-names", string.Join(",", MnistReader.FashionMnistClassNames), "--output", onnx);

        Assert.True(result.ExitCode == 0, result.Error);
        using var classifier = OnnxImageClassifier.Load(onnx);
        Assert.Equal(MnistReader.FashionMnistClassNames, classifier.ClassNames);
        var p = classifier.Metadata.Preprocessing;
        Assert.Equal((1, 28, (int?)null), (p.Channels, p.ImageSize, p.ResizeShorterSide));
        Assert.Equal(KnownDatasets.FashionMnist.Normalization.Mean, p.Mean);
        Assert.Equal(KnownDatasets.FashionMnist.Normalization.Std, p.Std);
        AssertSameLogits(model, classifier);
    }

    [Theory]
    [InlineData(new[] { "--output", "x.onnx" }, "Give either --model FILE")]
    [InlineData(new[] { "--model", "m", "--checkpoint", "c", "--output", "x.onnx" }, "Give either --model FILE")]
    [InlineData(new[] { "--model", "missing-model", "--output", "x.onnx" }, "--model 'missing-model': no such file")]
    [InlineData(new[] { "--checkpoint", "c", "--num-classes", "0", "--output", "x.onnx" }, "--num-classes '0' is not an integer >= 1")]
    public void Export_usage_errors_name_the_option(string[] args, string message)
    {
        var result = CliHarness.Run(CommandHandlers.Default, ["export", .. args]);
        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_of_a_model_file_refuses_checkpoint_only_options()
    {
        var modelFile = folder.Write("model", "x");
        var result = CliHarness.Run(CommandHandlers.Default, "export", "--model", modelFile, "--num-classes", "3", "--output", folder.File("x.onnx"));
        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains("--num-classes applies to --checkpoint only", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_of_a_checkpoint_of_another_architecture_says_so()
    {
        using var model = OnnxTestModels.Create("small-cnn", classes: 10, channels: 1, seed: 33);
        var checkpoint = folder.File("checkpoint");
        using (var optimizer = optim.SGD(model.parameters(), 0.1))
        {
            Checkpoint.Save(checkpoint, new CheckpointInfo(1, 0, 1, 1, 0), model, optimizer, new Generator());
        }

        var result = CliHarness.Run(CommandHandlers.Default, "export", "--checkpoint", checkpoint, "-a", "wrn28-2", "--dataset", "fashion-mnist", "--output", folder.File("x.onnx"));
        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Contains("does not fit -a/--arch wrn28-2", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("x.onnx")));
    }

    private static void AssertSameLogits(MetaSemi.Models.FeatureModel model, OnnxImageClassifier classifier)
    {
        using var test = MnistReader.LoadFashionMnist(ShippedData.FashionMnistSmall, train: false);
        using var scope = NewDisposeScope();
        var n = KnownDatasets.FashionMnist.Normalization;
        var input = ((test.Images.narrow(0, 0, 8).to(float32) / 255.0) - n.Mean[0]) / n.Std[0];
        var expected = OnnxTestModels.TorchLogits(model, input);
        var actual = classifier.Logits(input.contiguous().data<float>().ToArray(), 8);
        Assert.True(expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() <= 1e-4f);
    }

    public void Dispose() => folder.Dispose();
}
