using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models;
using MetaSemi.Tests.Cli;
using MetaSemi.Tests.Core;
using TorchSharp;

namespace MetaSemi.Tests.Algorithms;

/// <summary>
/// <c>WithModelFile()</c> with no argument (issue 23, item 4): the model file's description comes from the zoo model and
/// the test source built from <c>DatasetLoader</c> data, and the file predicts what the trainer evaluated.
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class DescribedModelFileTests
{
    [Fact]
    public async Task Trained_on_DatasetLoader_data_the_model_file_describes_itself_and_predicts_from_png_files_as_the_trainer_evaluated()
    {
        using var folder = new TempFolder();
        using var train = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: true);
        using var test = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: false);
        var split = new ClassBalancedSplitter(numLabels: 40, seed: 1).Split(train);
        using var data = SemiSupervisedData.Create(train, test, split, batchSize: 16, KnownDatasets.FashionMnist.CreateAugmentation(), seed: 1);
        torch.manual_seed(1);
        using var model = ModelZoo.SmallCnn(numClasses: 10);
        using (var trainer = SemiSupervisedTrainer.Create()
            .UseSupervised()
            .WithModel(model)
            .WithData(data.Train, data.Test)
            .WithOptimizer(lr: 0.03, momentum: 0.9, weightDecay: 5e-4)
            .WithEvaluation(2)
            .WithCheckpoints(folder.File("run"))
            .WithModelFile()
            .Build())
        {
            await trainer.FitAsync(2);
        }

        var modelFile = Path.Combine(folder.File("run"), ModelFile.FileName);
        var d = ModelFile.ReadDescription(modelFile);
        Assert.Equal("small-cnn", d.Architecture);
        Assert.Equal(test.ClassNames, d.ClassNames);
        Assert.Equal((1, 28, (int?)null), (d.Preprocessing.Channels, d.Preprocessing.ImageSize, d.Preprocessing.ResizeShorterSide));
        Assert.Equal(KnownDatasets.FashionMnist.Normalization.Mean, d.Preprocessing.Mean);
        Assert.Equal(KnownDatasets.FashionMnist.Normalization.Std, d.Preprocessing.Std);
        Assert.Equal(("supervised", 2L), (d.Training!.Algorithm, d.Training.Steps));

        // The trained network on the trainer's test transform of 8 test images, and the file on the same images as PNG files.
        const int N = 8;
        using var images = test.Images.narrow(0, 0, N);
        using var input = KnownDatasets.FashionMnist.CreateAugmentation().Prepare(images);
        model.eval();
        using var noGrad = torch.no_grad();
        using var expected = model.forward(input);
        using var classifier = ImageClassifier.Load(modelFile);
        using var logits = classifier.Logits(GreyPng.EncodeAll(images), Enumerable.Range(0, N).Select(i => $"test image {i}").ToArray());
        Assert.Equal(0.0, (logits - expected).abs().max().item<float>(), 5);
    }

    [Fact]
    public void A_model_that_cannot_name_its_architecture_is_an_error_at_Build_that_says_what_to_give()
    {
        using var folder = new TempFolder();
        using var train = AlgorithmTrainerTests.Source();
        var error = Assert.Throws<InvalidOperationException>(() => SemiSupervisedTrainer.Create()
            .UseSupervised()
            .WithModel(TrainerTestKit.Mlp(1, inputs: 4, classes: 3))
            .WithData(train, null)
            .WithCheckpoints(folder.File("run"))
            .WithModelFile()
            .Build());
        Assert.Contains("WithModelFile() takes the architecture from the model", error.Message, StringComparison.Ordinal);
        Assert.Contains("WithModelFile(new ModelDescription", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_of_your_own_is_not_named_as_a_zoo_architecture()
    {
        using var own = new WideResNet(numClasses: 10, depth: 16, widenFactor: 1);
        var error = Assert.Throws<InvalidOperationException>(() => own.Architecture);
        Assert.Contains("is not an architecture of the model zoo", error.Message, StringComparison.Ordinal);
        using var zoo = ModelZoo.WideResNet28_2(numClasses: 10);
        Assert.Equal("wrn28-2", zoo.Architecture);
        foreach (var arch in ModelZoo.Architectures.Where(a => a != ModelZoo.ImageNetResNet18))
        {
            using var built = ModelZoo.Create(arch, numClasses: 10);
            Assert.Equal(arch, built.Architecture);
        }
    }
}
