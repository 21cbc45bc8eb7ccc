using MetaSemi.Algorithms;
using MetaSemi.Scheduling;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>
/// Real learning signals on synthetic problems with 10 labels per class, through the trainer, with
/// the baseline on the same labels, seed, network and schedule. MetaSemi's meta step makes ŷ the
/// prediction after a (doubled) step on the labelled loss: on slabs whose nuisance spread is no
/// larger than the class gap it carries the labels to the unlabelled points and beats both the
/// baseline and plain consistency; with a larger nuisance spread 20 labels point the step the wrong
/// way and plain consistency (ŷ = p) is the better choice (both pinned below).
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class LearningSignalTests
{
    private static nn.Module<Tensor, Tensor> Mlp(int seed, int inputs)
    {
        torch.manual_seed(seed);
        return nn.Sequential(
            ("fc1", nn.Linear(inputs, 64)), ("a1", nn.ReLU()),
            ("fc2", nn.Linear(64, 64)), ("a2", nn.ReLU()),
            ("fc3", nn.Linear(64, 2)));
    }

    private static double Accuracy(Tensor probabilities, Tensor labels) =>
        probabilities.argmax(1).eq(labels).to(float64).mean().item<double>();

    [Fact]
    public void Meta_gradient_moves_pseudo_labels_toward_the_hidden_labels_on_two_moons()
    {
        // ŷ = p − lr·G ≈ p(θ − 2·lr·g): the prediction after a step on the labelled loss. At
        // initialisation that step carries the labels' information to the unlabelled points.
        var gains = new List<double>();
        for (int seed = 1; seed <= 5; seed++)
        {
            using var scope = NewDisposeScope();
            var (train, _) = SyntheticProblems.TwoMoons(seed, labelsPerClass: 10, unlabeled: 1000, test: 2, batchSize: 256);
            using var pair = train.Next();
            var net = Mlp(seed, 2);
            var result = new FiniteDifferenceMetaGradient().Compute(net, pair.Labeled.Images, pair.Labeled.Labels!, pair.Unlabeled.Images, 0.1, SquaredL2ConsistencyLoss.Instance);
            var p = new NoMetaGradient().Compute(net, pair.Labeled.Images, pair.Labeled.Labels!, pair.Unlabeled.Images, 0.1, SquaredL2ConsistencyLoss.Instance).PseudoLabels;
            gains.Add(Accuracy(result.PseudoLabels, pair.Unlabeled.Labels!) - Accuracy(p, pair.Unlabeled.Labels!));
        }

        // Measured: +0.00, +0.13, +0.26, +0.18, +0.10 (mean +0.13).
        Assert.True(gains.Average() > 0.05, $"pseudo-label accuracy gains: {string.Join(", ", gains.Select(g => g.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.All(gains, g => Assert.True(g >= -0.02, $"the meta step made pseudo-labels worse: {g:F3}"));
    }

    [Fact]
    public async Task MetaSemi_finite_difference_beats_the_supervised_baseline_and_plain_consistency_on_slabs_in_300_steps()
    {
        // Slabs in 20-D, class gap 2, nuisance spread 1, 10 labels per class, 1000 unlabelled points.
        // Measured over seeds 1–6 (baseline / ŷ = p / MetaSemi finite difference):
        //   0.956 0.914 0.941 0.867 0.969 0.958 / 0.956 0.905 0.891 0.946 0.941 0.924 / 0.999 0.990 0.991 0.998 0.997 0.998
        // (the exact meta-gradient gives the same accuracies to 1e-3). Smallest margin over the baseline: +2.8 points.
        var margins = new List<double>();
        for (int seed = 1; seed <= 4; seed++)
        {
            double baseline = await Run(seed, MethodUnderTest.Baseline, nuisance: 1.0);
            double plain = await Run(seed, MethodUnderTest.PlainConsistency, nuisance: 1.0);
            double metaSemi = await Run(seed, MethodUnderTest.FiniteDifference, nuisance: 1.0);

            Assert.True(metaSemi > baseline + 0.02, $"seed {seed}: MetaSemi {metaSemi:F3}, baseline {baseline:F3}");
            Assert.True(metaSemi > plain + 0.02, $"seed {seed}: MetaSemi {metaSemi:F3}, plain consistency {plain:F3}");
            margins.Add(metaSemi - baseline);
        }

        Assert.True(margins.Average() > 0.04, $"mean margin over the baseline {margins.Average():F3}");
    }

    [Fact]
    public async Task Unlabelled_data_through_the_trainer_beats_the_supervised_baseline_on_slabs_with_a_gap()
    {
        // Slabs: 20 labels in 20-D cannot say which direction separates the classes; 1000 unlabelled
        // points show the gap. The semi-supervised path (mixup with unlabelled images and
        // pseudo-labels, ŷ = p) must use that; the baseline sees the same labels, seed and schedule.
        for (int seed = 1; seed <= 3; seed++)
        {
            double baseline = await Run(seed, MethodUnderTest.Baseline, nuisance: 2.0);
            double semiSupervised = await Run(seed, MethodUnderTest.PlainConsistency, nuisance: 2.0);

            // Measured: baseline 0.775 / 0.710 / 0.739, semi-supervised 0.919 / 0.867 / 0.884. With the
            // meta step (finite difference or exact) the same runs reach only 0.789 / 0.677 / 0.676.
            Assert.True(semiSupervised > baseline + 0.08, $"seed {seed}: semi-supervised {semiSupervised:F3}, baseline {baseline:F3}");
        }
    }

    private enum MethodUnderTest
    {
        Baseline,
        PlainConsistency,
        FiniteDifference,
    }

    private static async Task<double> Run(int seed, MethodUnderTest method, double nuisance)
    {
        var (train, test) = SyntheticProblems.Slabs(seed, labelsPerClass: 10, unlabeled: 1000, test: 1000, batchSize: 64,
            dimensions: 20, separation: 2.0, width: 0.25, nuisance: nuisance);
        var builder = SemiSupervisedTrainer.Create()
            .WithModel(Mlp(seed, 20)).WithData(train, test).WithSeed(seed)
            .WithOptimizer(0.1, 0.9, 5e-4).WithSchedule(Schedules.Constant()).WithEvaluation(300)
            .WithMixup(1.0).WithConsistencyWeight(1.0, 100)
            .WithMetaGradient(o => o.Method = method == MethodUnderTest.FiniteDifference ? MetaGradientMethod.FiniteDifference : MetaGradientMethod.None);
        if (method == MethodUnderTest.Baseline)
        {
            builder = builder.WithoutUnlabeledData();
        }

        using var trainer = builder.Build();
        var result = await trainer.FitAsync(300);
        return result.LastEvaluation!.Top1;
    }
}
