using System.Globalization;
using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models;
using MetaSemi.Models.Pretrained;
using MetaSemi.Onnx;
using TorchSharp;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// <c>train --pretrained imagenet</c> end to end on tiny inputs: every kind of algorithm trains it, the run writes a
/// model file of the pretrained network, and <c>predict</c>'s classifier, the ONNX export and the libtorch-free ONNX
/// classifier give the trainer's evaluation on the same images; a resume continues the run.
/// </summary>
[Collection(nameof(MetaSemi.Tests.Core.SerialTorchCollection))]
public sealed class PretrainedEndToEndTests
{
    private static string[] Train(string run, string algorithm, params string[] extra) =>
    [
        "train", "--pretrained", "imagenet", "--algorithm", algorithm, "--image-size", "32", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall,
        "--num-label", "20", "--batch-size", "4", "--total-steps", "2", "--test-freq", "2", "--print-freq", "1", "--warmup", "0", "--milestones", "100",
        "--lr", "0.003", "--seed", "3", "--save-path", run, .. extra,
    ];

    [Theory]
    [InlineData("metasemi")]
    [InlineData("freematch")]
    [InlineData("meanteacher")]
    public void Every_kind_of_algorithm_trains_the_pretrained_network_with_finite_losses(string algorithm)
    {
        using var folder = new TempFolder();
        var run = folder.File("run");
        var extra = algorithm == "metasemi" ? new[] { "--meta-gradient", "exact" } : ["--unlabeled-ratio", "2"];
        var result = CliHarness.Run(CommandHandlers.Default, Train(run, algorithm, extra));
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("resnet18-imagenet", result.Output, StringComparison.Ordinal);

        var metrics = MetricsCsvReader.Read(Path.Combine(run, MetricsCsvWriter.FileName));
        Assert.Equal([1L, 2], metrics.Steps);
        var (_, loss) = metrics.Series(MetricNames.Loss);
        Assert.All(loss, v => Assert.True(double.IsFinite(v) && v > 0, $"loss {v}"));
    }

    [Fact]
    public void The_model_file_predicts_and_exports_like_the_trainer_evaluates_and_the_run_resumes()
    {
        using var folder = new TempFolder();
        var run = folder.File("run");
        var train = CliHarness.Run(CommandHandlers.Default, Train(run, "supervised", "--freeze", "layer2", "--backbone-lr-multiplier", "0.1", "--freeze-bn-stats"));
        Assert.True(train.ExitCode == 0, train.Error + train.Output);

        var modelFile = Path.Combine(run, ModelFile.FileName);
        var description = ModelFile.ReadDescription(modelFile);
        Assert.Equal(ModelZoo.ImageNetResNet18, description.Architecture);
        Assert.Equal("32", description.ArchitectureArguments["image_size"]);
        using var loaded = ZooModelFile.Load(modelFile);
        var network = Assert.IsType<PretrainedResNet>(loaded.Model);
        Assert.Equal((32, 1), (network.ImageSize, network.InputChannels));

        // The trainer's test transform on 6 test images (28 px, normalised), and the same images as grey PNG files.
        const int N = 6;
        using var test = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: false);
        using var images = test.Images.narrow(0, 0, N);
        using var input = KnownDatasets.FashionMnist.CreateAugmentation().Prepare(images);
        float[] expected;
        using (torch.no_grad())
        {
            using var logits = loaded.Model.forward(input);
            using var probabilities = torch.nn.functional.softmax(logits, 1);
            expected = probabilities.data<float>().ToArray();
        }

        var files = GreyPng.EncodeAll(images);
        using (var classifier = ImageClassifier.Load(modelFile))
        {
            var predictions = classifier.Predict(files, topK: 10);
            for (int i = 0; i < N; i++)
            {
                foreach (var p in predictions[i])
                {
                    Assert.Equal(expected[(i * 10) + p.ClassIndex], p.Probability, 4);
                }
            }
        }

        var onnx = folder.File("model.onnx");
        var export = CliHarness.Run(CommandHandlers.Default, "export", "--model", modelFile, "--output", onnx);
        Assert.True(export.ExitCode == 0, export.Error + export.Output);
        using (var app = OnnxImageClassifier.Load(onnx))
        {
            var predictions = app.Predict(files, topK: 10);
            for (int i = 0; i < N; i++)
            {
                foreach (var p in predictions[i])
                {
                    Assert.Equal(expected[(i * 10) + p.ClassIndex], p.Probability, 4);
                }
            }
        }

        // Resume from the run's own checkpoint to 3 steps: the checkpoint holds the pretrained weights and the groups' momentum.
        var resume = CliHarness.Run(CommandHandlers.Default, [.. Train(run, "supervised", "--freeze", "layer2", "--backbone-lr-multiplier", "0.1", "--freeze-bn-stats",
            "--resume", Path.Combine(run, "checkpoint")).Select(a => a == "2" ? "3" : a)]);
        Assert.True(resume.ExitCode == 0, resume.Error + resume.Output);
        Assert.Equal([1L, 2, 3], MetricsCsvReader.Read(Path.Combine(run, MetricsCsvWriter.FileName)).Steps);
    }

    [Fact]
    public void Fine_tuning_flags_without_the_pretrained_network_are_refused_in_words()
    {
        using var folder = new TempFolder();
        var result = CliHarness.Run(CommandHandlers.Default, "train", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "-a", "small-cnn",
            "--num-label", "20", "--freeze", "backbone", "--save-path", folder.File("run"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--freeze fine-tunes the pretrained network", result.Error, StringComparison.Ordinal);

        var other = CliHarness.Run(CommandHandlers.Default, "train", "--pretrained", "imagenet", "-a", "convlarge", "--dataset", "fashion-mnist",
            "--data-path", ShippedData.FashionMnistSmall, "--num-label", "20", "--save-path", folder.File("run2"));
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("--pretrained imagenet picks -a resnet18-imagenet", other.Error, StringComparison.Ordinal);

        var size = CliHarness.Run(CommandHandlers.Default, "train", "--pretrained", "imagenet", "--image-size", "50", "--dataset", "fashion-mnist",
            "--data-path", ShippedData.FashionMnistSmall, "--num-label", "20", "--save-path", folder.File("run3"));
        Assert.NotEqual(0, size.ExitCode);
        Assert.Contains("multiple of 32", size.Error, StringComparison.Ordinal);
    }
}
