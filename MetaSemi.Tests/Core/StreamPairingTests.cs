using MetaSemi.Data;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary><c>WithData(labeled, unlabeled, test)</c>: two single streams paired by <see cref="PairedBatchSource"/>.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class StreamPairingTests
{
    private static (InMemoryPairedSource Train, InMemoryTestSource Test) Data() =>
        SyntheticProblems.TwoMoons(seed: 12, labelsPerClass: 10, unlabeled: 200, test: 40, batchSize: 16, augmentNoise: 0.05);

    [Fact]
    public async Task Two_streams_train_identically_to_the_paired_source_that_yields_the_same_batches()
    {
        const int steps = 8;
        var (paired, test1) = Data();
        var pairedModel = TrainerTestKit.Mlp(21, dropout: 0.2);
        using (var trainer = TrainerTestKit.SmallRun(pairedModel, paired, test1, seed: 5).WithMixup(1.0).WithEvaluation(4).Build())
        {
            await trainer.FitAsync(steps);
        }

        var (source, test2) = Data();
        var labeled = new HalfOfPairStream(source, labeled: true);
        var unlabeled = new HalfOfPairStream(source, labeled: false);
        var streamsModel = TrainerTestKit.Mlp(21, dropout: 0.2);
        using (var trainer = SemiSupervisedTrainer.Create()
            .WithModel(streamsModel)
            .WithData(labeled, unlabeled, test2)
            .WithSeed(5).WithOptimizer(0.05, 0.9, 1e-4).WithSchedule(MetaSemi.Scheduling.Schedules.WarmupMultiStep(3, [6], 0.5))
            .WithConsistencyWeight(1.0, 4).WithMixup(1.0).WithEvaluation(4).Build())
        {
            var result = await trainer.FitAsync(steps);
            Assert.Equal(steps, result.Steps);
        }

        Assert.Equal(steps, labeled.Position);
        Assert.Equal(steps, unlabeled.Position);
        foreach (var ((name, a), (_, b)) in TrainerTestKit.State(pairedModel).Zip(TrainerTestKit.State(streamsModel)))
        {
            Assert.True(TensorAssert.Identical(a, b), $"{name} differs between the paired and the two-stream form");
        }
    }

    [Fact]
    public void Seeking_the_pair_seeks_both_streams_and_gives_the_pair_an_uninterrupted_source_gives()
    {
        var (straightSource, _) = Data();
        using var straight = new PairedBatchSource(new HalfOfPairStream(straightSource, true), new HalfOfPairStream(straightSource, false));
        for (int i = 0; i < 5; i++)
        {
            straight.Next().Dispose();
        }

        using var expected = straight.Next();

        var (seekSource, _) = Data();
        var labeled = new HalfOfPairStream(seekSource, true);
        var unlabeled = new HalfOfPairStream(seekSource, false);
        using var sought = new PairedBatchSource(labeled, unlabeled);
        sought.Seek(5);
        Assert.Equal(5, sought.Position);
        Assert.Equal(5, unlabeled.Position);
        using var actual = sought.Next();

        Assert.Equal(6, sought.Position);
        Assert.True(TensorAssert.Identical(expected.Labeled.Images, actual.Labeled.Images));
        Assert.True(TensorAssert.Identical(expected.Labeled.Labels!, actual.Labeled.Labels!));
        Assert.True(TensorAssert.Identical(expected.Unlabeled.Images, actual.Unlabeled.Images));
    }

    [Fact]
    public void Build_names_streams_that_do_not_pair_up()
    {
        var (a, _) = Data();
        var (b, _) = SyntheticProblems.TwoMoons(seed: 12, labelsPerClass: 10, unlabeled: 200, test: 40, batchSize: 8);
        var unlabeled = new HalfOfPairStream(b, false);
        unlabeled.Seek(3);
        var builder = SemiSupervisedTrainer.Create().WithModel(TrainerTestKit.Mlp(1)).WithData(new HalfOfPairStream(a, true), unlabeled);

        var error = Assert.Throws<OptionsValidationException>(builder.Build);

        Assert.Contains(error.Failures, f => f.StartsWith("Data.BatchSize", StringComparison.Ordinal) && f.Contains("16", StringComparison.Ordinal) && f.Contains('8', StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Data.Position", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.StartsWith("Data.NumClasses", StringComparison.Ordinal));
    }

    [Fact]
    public void A_labelled_stream_without_labels_is_an_error_that_says_so()
    {
        // A source without hidden labels: its unlabelled half has no labels to offer.
        var unlabeledOnly = new InMemoryPairedSource(zeros(4, 2), zeros(4, int64), zeros(4, 2), null, numClasses: 2, batchSize: 2, seed: 1);
        using var noLabels = new PairedBatchSource(new HalfOfPairStream(unlabeledOnly, false), new HalfOfPairStream(unlabeledOnly, false));

        var error = Assert.Throws<InvalidOperationException>(() => noLabels.Next());

        Assert.Contains("without labels", error.Message, StringComparison.Ordinal);
    }
}
