using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models;
using MetaSemi.Tests.Core;
using MetaSemi.Tests.Data;
using SkiaSharp;
using TorchSharp;
using static MetaSemi.Tests.Data.TestImageFiles;

namespace MetaSemi.Tests.Models;

/// <summary>The model file (docs/design.md §8) and prediction from it: the same logits as the trainer's evaluation of the same images.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class ImageClassifierTests
{
    /// <summary>Noisy images of two colours, of several sizes and aspect ratios, so the centre crop and the resize matter.</summary>
    private static byte[] Noisy(int width, int height, SKColor color, int seed, bool jpeg)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)Math.Clamp(color.Red + random.Next(-40, 40), 0, 255), (byte)Math.Clamp(color.Green + random.Next(-40, 40), 0, 255), (byte)(x * 7 % 256)));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }

    private static TempFolder Folders()
    {
        var dir = new TempFolder();
        SKColor[] colors = [new(200, 60, 0), new(40, 90, 210)];
        string[] names = ["amber", "cobalt"];
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < 3; i++)
            {
                dir.Write($"labeled/{names[c]}/{i}.png", Noisy(16 + (5 * i), 12 + (3 * c), colors[c], (10 * c) + i, jpeg: false));
                dir.Write($"test/{names[c]}/{i}.{(i == 1 ? "jpg" : "png")}", Noisy(30 - (4 * i), 19 + i, colors[c], 100 + (10 * c) + i, jpeg: i == 1));
            }
        }

        for (int i = 0; i < 4; i++)
        {
            dir.Write($"unlabeled/{i}.png", Noisy(14 + i, 14, colors[i % 2], 200 + i, jpeg: false));
        }

        return dir;
    }

    private static ModelDescription Describe(ImageFolderData data) => new()
    {
        Architecture = "small-cnn",
        ClassNames = data.ClassNames,
        Preprocessing = data.Preprocessing,
        Training = new TrainingSummary { Algorithm = "meta", Dataset = "folders", Labels = data.Labeled.Count, Steps = 3, TestAccuracy = 0.5 },
    };

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    public void Predicted_logits_equal_the_trainers_evaluation_logits_on_the_same_test_images(int? channels)
    {
        using var dir = Folders();
        using var data = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 12, Channels = channels });
        using var training = data.CreateTrainingData(batchSize: 4, seed: 1);
        torch.manual_seed(5);
        using var model = ModelZoo.SmallCnn(2, data.Channels);

        // Move the BatchNorm statistics off their initial values with one training-mode pass.
        using (var pair = training.Train.Next())
        using (torch.no_grad())
        {
            model.train();
            model.forward(pair.Labeled.Images).Dispose();
        }

        var trainerLogits = new List<torch.Tensor>();
        model.eval();
        using (torch.no_grad())
        {
            foreach (var batch in training.Test.GetBatches(100))
            {
                using var owned = batch;
                trainerLogits.Add(model.forward(batch.Images));
            }
        }

        using var expected = torch.cat(trainerLogits, 0);
        trainerLogits.ForEach(t => t.Dispose());
        var accuracy = ClassifierEvaluation.Evaluate(model, training.Test, 100, torch.CPU);
        string file = dir.File(ModelFile.FileName);
        ModelFile.Save(file, model, Describe(data));

        using var classifier = ImageClassifier.Load(file);
        var bytes = data.TestPaths.Select(File.ReadAllBytes).ToArray();
        using var logits = classifier.Logits(bytes, data.TestPaths.ToArray());

        Assert.Equal(expected.shape, logits.shape);
        Assert.Equal(0.0, (logits - expected).abs().max().item<float>(), 6);
        var predictions = classifier.Predict(data.TestPaths, topK: 2, batchSize: 4);
        long[] labels = data.Test!.GetLabelArray();
        double correct = predictions.Select((p, i) => p.Best.ClassIndex == labels[i] ? 1 : 0).Sum();
        Assert.Equal(accuracy.Top1, correct / labels.Length, 12);

        // One image alone, as a path, bytes and a stream: the same classes and probabilities as in the batch.
        using var softmax = expected.softmax(1);
        var single = classifier.Predict(data.TestPaths[4], topK: 5);
        Assert.Equal(2, single.Count);
        Assert.Equal(softmax[4].max().item<float>(), single.Best.Probability, 5);
        Assert.Equal(softmax[4].argmax().item<long>(), single.Best.ClassIndex);
        Assert.Equal(data.ClassNames[single.Best.ClassIndex], single.Best.ClassName);
        Assert.True(single[0].Probability >= single[1].Probability);
        Assert.Equal(1.0, single.Sum(c => c.Probability), 5);
        Assert.Equal(single.Best, classifier.Predict(bytes[4]).Best);
        using var stream = new MemoryStream(bytes[4]);
        Assert.Equal(single.Best, classifier.Predict(stream).Best);
    }

    [Fact]
    public void A_model_file_describes_itself_and_is_refused_in_words_for_another_architecture()
    {
        using var dir = Folders();
        using var data = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 12 });
        torch.manual_seed(2);
        using var model = ModelZoo.SmallCnn(2, data.Channels);
        string file = dir.File(ModelFile.FileName);
        ModelFile.Save(file, model, Describe(data));

        Assert.True(ModelFile.IsModelFile(file));
        var read = ModelFile.ReadDescription(file);
        Assert.Equal("small-cnn", read.Architecture);
        Assert.Equal(["amber", "cobalt"], read.ClassNames);
        Assert.Equal(data.Normalization.Mean, read.Preprocessing.Mean);
        Assert.Equal(12, read.Preprocessing.ResizeShorterSide);
        Assert.Equal(ModelFile.LibraryVersion, read.Training!.LibraryVersion);
        Assert.Equal(3, read.Training.Steps);

        var other = Assert.Throws<InvalidDataException>(() => ZooModelFile.Load(file, "convlarge"));
        Assert.Equal($"'{file}' is a small-cnn model with 2 classes, not convlarge.", other.Message);

        using var wider = ModelZoo.SmallCnn(2, data.Channels, width: 8);
        var mismatch = Assert.Throws<InvalidDataException>(() => ModelFile.LoadWeights(file, wider));
        Assert.StartsWith($"'{file}' holds small-cnn weights that do not fit", mismatch.Message, StringComparison.Ordinal);

        var bytes = File.ReadAllBytes(file);
        bytes[^3] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        Assert.Contains("section 'model' does not match its SHA-256", Assert.Throws<InvalidDataException>(() => ImageClassifier.Load(file)).Message, StringComparison.Ordinal);
    }
}
