using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Models;
using MetaSemi.Tests.Core;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>
/// The path a library user takes: an image stream made for the algorithm's requirements (μ, the weak and strong
/// RandAugment views, example indices), a zoo network, the builder method; a few steps train.
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class AlgorithmImageStreamTests
{
    private const int Images = 48;

    /// <summary>48 grey 28×28 images of 3 classes: a bright square whose corner depends on the class, with noise.</summary>
    private static ImageDataset Squares()
    {
        var generator = new Generator(17);
        var labels = arange(Images, dtype: int64).remainder(3);
        var pixels = (rand([Images, 1, 28, 28], generator: generator) * 60).to(ScalarType.Byte);
        for (int i = 0; i < Images; i++)
        {
            int corner = 4 + 8 * (i % 3);
            pixels[i, 0, TensorIndex.Slice(corner, corner + 10), TensorIndex.Slice(corner, corner + 10)] = tensor((byte)230);
        }

        return new ImageDataset(pixels, labels, ["a", "b", "c"]);
    }

    [Theory]
    [InlineData("fixmatch")]
    [InlineData("flexmatch")]
    [InlineData("softmatch")]
    public async Task A_strong_view_algorithm_trains_on_an_image_stream_made_for_its_requirements(string name)
    {
        using var data = Squares();
        ISemiSupervisedAlgorithm forRequirements = name switch
        {
            "fixmatch" => new FixMatch(new FixMatchOptions { UnlabeledRatio = 2 }),
            "flexmatch" => new FlexMatch(new FlexMatchOptions { UnlabeledRatio = 2 }),
            _ => new SoftMatch(new SoftMatchOptions { UnlabeledRatio = 2 }),
        };
        int[] labeled = [0, 1, 2, 3, 4, 5];
        var unlabeled = Enumerable.Range(0, Images).Except(labeled).ToArray();
        using var stream = new PairedBatchStream(data, labeled, unlabeled, batchSize: 6,
            new CropFlipAugmentation(new Normalization([0.3], [0.3]), padding: 2), seed: 5,
            new PairedStreamOptions { PrefetchDepth = 0 }.Require(forRequirements.Requirements));
        var model = ModelZoo.SmallCnn(3, width: 8);
        var reports = new List<TrainingProgress>();
        var builder = SemiSupervisedTrainer.Create(new SemiSupervisedTrainerOptions { Seed = 4 })
            .WithModel(model).WithData(stream).WithOptimizer(0.03, 0.9, 5e-4).WithNesterov().WithSchedule(MetaSemi.Scheduling.Schedules.Constant());
        using var trainer = AlgorithmTrainerTests.Use(builder, name).Build();

        await trainer.FitAsync(3, new CallbackProgress(reports.Add));

        Assert.Equal(3, reports.Count);
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Metrics[MetricNames.Loss]) && double.IsFinite(r.Metrics[MetricNames.MaskRatio])));
        Assert.All(reports, r => Assert.True(r.Metrics[MetricNames.UnlabelLoss] >= 0));
        if (trainer.Algorithm is FlexMatch flex)
        {
            // One prediction slot per pooled example; FlexMatch checks every step that the stream's indices fall in the pool.
            Assert.Equal(unlabeled.Length, flex.State.SelectedLabels.shape[0]);
        }
    }
}
