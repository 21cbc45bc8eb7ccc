using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models;
using TorchSharp;

namespace MetaSemi.Tests.Cli;

/// <summary>A run on a known data set (Fashion-MNIST) also writes a model file, and prediction from image files sees what the trainer's evaluation saw.</summary>
[Collection(nameof(MetaSemi.Tests.Core.SerialTorchCollection))]
public sealed class DatasetModelFileTests
{
    [Fact]
    public void A_fashion_mnist_run_writes_a_model_file_whose_predictions_from_png_files_equal_the_evaluation_logits()
    {
        using var folder = new TempFolder();
        var run = folder.File("run");
        var train = CliHarness.Run(CommandHandlers.Default, "train-baseline", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "--num-label", "100",
            "-a", "small-cnn", "--batch-size", "16", "--total-steps", "2", "--test-freq", "2", "--warmup", "1", "--milestones", "5", "--save-path", run);
        Assert.True(train.ExitCode == 0, train.Error + train.Output);

        var modelFile = Path.Combine(run, ModelFile.FileName);
        using var loaded = ZooModelFile.Load(modelFile);
        var d = loaded.Description;
        using var test = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: false);
        Assert.Equal(test.ClassNames, d.ClassNames);
        Assert.Equal((1, 28, (int?)null), (d.Preprocessing.Channels, d.Preprocessing.ImageSize, d.Preprocessing.ResizeShorterSide));
        Assert.Equal(KnownDatasets.FashionMnist.Normalization.Mean, d.Preprocessing.Mean);
        Assert.Equal(("baseline", 100L, 2L), (d.Training!.Algorithm, d.Training.Labels, d.Training.Steps));

        // The trainer's test transform on the first 12 test images, and the same images as grey PNG files.
        const int N = 12;
        using var images = test.Images.narrow(0, 0, N);
        using var input = KnownDatasets.FashionMnist.CreateAugmentation().Prepare(images);
        using var noGrad = torch.no_grad();
        using var expected = loaded.Model.forward(input);
        var files = GreyPng.EncodeAll(images);

        using var classifier = ImageClassifier.Load(modelFile);
        using var logits = classifier.Logits(files, Enumerable.Range(0, N).Select(i => $"test image {i}").ToArray());
        Assert.Equal(0.0, (logits - expected).abs().max().item<float>(), 5);
    }
}
