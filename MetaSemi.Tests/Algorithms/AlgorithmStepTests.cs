using MetaSemi.Algorithms;
using MetaSemi.Data;
using static MetaSemi.Tests.Algorithms.HandMath;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>
/// Each algorithm's Step on a tiny float64 network and a hand-built batch: the loss and the metrics equal a hand
/// computation from separate forward passes of each view.
/// </summary>
[Collection(nameof(Core.SerialTorchCollection))]
public sealed class AlgorithmStepTests
{
    private sealed record Views(double[][] Labeled, double[][] Weak, double[][] Weak2, double[][] Strong, long[] Labels, long[] Hidden);

    private static Views Forward(nn.Module<Tensor, Tensor> model, PairedBatch batch)
    {
        using var noGrad = no_grad();
        return new Views(
            Rows(model.forward(batch.Labeled.Images)),
            Rows(model.forward(batch.Unlabeled.Images)),
            Rows(model.forward(batch.Unlabeled.View(ViewNames.Weak2))),
            Rows(model.forward(batch.Unlabeled.View(ViewNames.Strong))),
            Longs(batch.Labeled.Labels!),
            Longs(batch.Unlabeled.Labels!));
    }

    /// <summary>A threshold halfway between the third and fourth largest confidences, so exactly three pass.</summary>
    private static double ThresholdPassingThree(double[][] logits)
    {
        var confidences = logits.Select(r => Softmax(r).Max()).OrderDescending().ToArray();
        Assert.True(confidences[2] - confidences[3] > 1e-6, "degenerate check: tied confidences");
        return (confidences[2] + confidences[3]) / 2;
    }

    private static double MaskedCrossEntropy(double[][] targetLogits, double[][] lossLogits, Func<int, double[], double> weight) =>
        targetLogits.Select((row, i) => weight(i, Softmax(row)) * CrossEntropy(lossLogits[i], ArgMax(row))).Sum() / targetLogits.Length;

    private static void AssertStandardMetrics(AlgorithmStepResult result, Views v, double expectedLoss, double expectedUnlabeled, double weight, double[][] accuracyLogits)
    {
        Assert.Equal(expectedLoss, result.Loss.item<double>(), 1e-12);
        Assert.Equal(expectedLoss, AlgorithmTestKit.Metric(result, MetricNames.Loss), 1e-12);
        Assert.Equal(SupervisedLoss(v.Labeled, v.Labels), AlgorithmTestKit.Metric(result, MetricNames.LabelLoss), 1e-12);
        Assert.Equal(Accuracy(v.Labeled, v.Labels), AlgorithmTestKit.Metric(result, MetricNames.LabelAccuracy));
        Assert.Equal(expectedUnlabeled, AlgorithmTestKit.Metric(result, MetricNames.UnlabelLoss), 1e-12);
        Assert.Equal(weight, AlgorithmTestKit.Metric(result, MetricNames.UnlabelWeight), 1e-15);
        Assert.Equal(Accuracy(accuracyLogits, v.Hidden), AlgorithmTestKit.Metric(result, MetricNames.UnlabelAccuracy));
        Assert.True(result.Loss.requires_grad, "the loss must carry its graph");
        Assert.All(result.Metrics.Values, m => Assert.False(m.requires_grad));
    }

    [Fact]
    public void FixMatch_step_is_labelled_CE_plus_lambda_times_the_thresholded_CE_of_the_strong_view_on_the_weak_argmax()
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        using var batch = AlgorithmTestKit.Batch(11);
        var v = Forward(model, batch);
        double tau = ThresholdPassingThree(v.Weak);
        var algorithm = new FixMatch(new FixMatchOptions { Threshold = tau, UnlabeledLossWeight = 2 });
        algorithm.Initialize(AlgorithmTestKit.Setup());

        var result = algorithm.Step(AlgorithmTestKit.Context(model, batch));

        double unlabeled = MaskedCrossEntropy(v.Weak, v.Strong, (_, p) => p.Max() >= tau ? 1 : 0);
        AssertStandardMetrics(result, v, SupervisedLoss(v.Labeled, v.Labels) + 2 * unlabeled, unlabeled, 2, v.Weak);
        Assert.Equal(0.5, AlgorithmTestKit.Metric(result, MetricNames.MaskRatio));
        Assert.Equal([ViewNames.Weak, ViewNames.Strong], algorithm.Requirements.UnlabeledViews);
        Assert.Equal(7, new FixMatch(new FixMatchOptions()).Requirements.UnlabeledRatio);
    }

    [Fact]
    public void Pseudo_label_step_thresholds_the_weak_view_against_its_own_argmax_with_the_ramped_weight()
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        using var batch = AlgorithmTestKit.Batch(12);
        var v = Forward(model, batch);
        double tau = ThresholdPassingThree(v.Weak);
        var algorithm = new PseudoLabel(new PseudoLabelOptions { Threshold = tau, UnlabeledLossWeight = 3 });
        algorithm.Initialize(AlgorithmTestKit.Setup());

        // Step 3 of 10 with warm-up 0.4: 2 completed steps of a 4-step ramp.
        var result = algorithm.Step(AlgorithmTestKit.Context(model, batch, step: 3, totalSteps: 10));

        double unlabeled = MaskedCrossEntropy(v.Weak, v.Weak, (_, p) => p.Max() >= tau ? 1 : 0);
        double weight = 3 * 0.5;
        AssertStandardMetrics(result, v, SupervisedLoss(v.Labeled, v.Labels) + weight * unlabeled, unlabeled, weight, v.Weak);
        Assert.Equal(0.5, AlgorithmTestKit.Metric(result, MetricNames.MaskRatio));
    }

    [Fact]
    public void Pi_model_step_adds_the_ramped_class_mean_squared_distance_of_two_weak_views()
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        using var batch = AlgorithmTestKit.Batch(13);
        var v = Forward(model, batch);
        var algorithm = new PiModel(new PiModelOptions());
        algorithm.Initialize(AlgorithmTestKit.Setup());

        var result = algorithm.Step(AlgorithmTestKit.Context(model, batch, step: 2, totalSteps: 10));

        double unlabeled = v.Weak.Select((row, i) => MeanSquare(Softmax(row), Softmax(v.Weak2[i]))).Average();
        double weight = 10 * 0.25;
        AssertStandardMetrics(result, v, SupervisedLoss(v.Labeled, v.Labels) + weight * unlabeled, unlabeled, weight, v.Weak);
        Assert.Equal([ViewNames.Weak, ViewNames.Weak2], algorithm.Requirements.UnlabeledViews);
    }

    [Fact]
    public void Mean_teacher_step_compares_the_student_on_one_weak_view_with_the_EMA_teacher_on_the_other()
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        var teacherNetwork = AlgorithmTestKit.Model(seed: 7);
        var teacher = new FixedTeacher(teacherNetwork);
        using var batch = AlgorithmTestKit.Batch(14);
        var v = Forward(model, batch);
        double[][] teacherRows;
        using (no_grad())
        {
            teacherRows = Rows(teacherNetwork.forward(batch.Unlabeled.View(ViewNames.Weak2)));
        }

        var algorithm = new MeanTeacher(new MeanTeacherOptions());
        algorithm.Initialize(AlgorithmTestKit.Setup());
        var result = algorithm.Step(AlgorithmTestKit.Context(model, batch, step: 5, totalSteps: 10, teacher: teacher));

        double unlabeled = v.Weak.Select((row, i) => MeanSquare(Softmax(row), Softmax(teacherRows[i]))).Average();
        AssertStandardMetrics(result, v, SupervisedLoss(v.Labeled, v.Labels) + 50 * unlabeled, unlabeled, 50, v.Weak);
        Assert.Equal(1, teacher.Calls);
        result.Loss.backward();
        Assert.All(teacherNetwork.parameters(), p => Assert.True(p.grad is null || p.grad.IsInvalid));
        Assert.Equal(0.999, algorithm.Requirements.EmaDecay);
        Assert.Throws<InvalidOperationException>(() => algorithm.Step(AlgorithmTestKit.Context(model, batch)));
    }

    [Fact]
    public void FlexMatch_steps_use_every_example_at_first_then_the_class_thresholds_from_the_examples_seen()
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        using var first = AlgorithmTestKit.Batch(15, firstIndex: 0);
        using var second = AlgorithmTestKit.Batch(16, firstIndex: 2);
        var v1 = Forward(model, first);
        var v2 = Forward(model, second);
        double tau = ThresholdPassingThree(v1.Weak);
        var algorithm = new FlexMatch(new FlexMatchOptions { Threshold = tau });
        algorithm.Initialize(AlgorithmTestKit.Setup(unlabeledCount: 8));

        // Step 1: β = 0, every threshold 0, every example in the loss.
        var result1 = algorithm.Step(AlgorithmTestKit.Context(model, first));
        double unlabeled1 = MaskedCrossEntropy(v1.Weak, v1.Strong, (_, _) => 1);
        AssertStandardMetrics(result1, v1, SupervisedLoss(v1.Labeled, v1.Labels) + unlabeled1, unlabeled1, 1, v1.Weak);
        Assert.Equal(1.0, AlgorithmTestKit.Metric(result1, MetricNames.MaskRatio));

        // Hand state: examples 0..5 selected where their confidence passed τ; 6, 7 unused.
        var selected = Enumerable.Repeat(-1L, 8).ToArray();
        for (int i = 0; i < 6; i++)
        {
            var p = Softmax(v1.Weak[i]);
            if (p.Max() >= tau)
            {
                selected[i] = ArgMax(p);
            }
        }

        Assert.Equal(selected, Longs(algorithm.State.SelectedLabels));
        double largest = new[] { selected.Count(s => s == -1) }.Concat(Enumerable.Range(0, 3).Select(c => selected.Count(s => s == c))).Max();
        var beta = Enumerable.Range(0, 3).Select(c => selected.Count(s => s == c) / largest).ToArray();
        Assert.Equal(beta, algorithm.State.LearningEffect.data<double>().ToArray(), new Tolerance(1e-15));

        // Step 2 (examples 2..7): each example's threshold τ·β/(2 − β) of its class.
        var result2 = algorithm.Step(AlgorithmTestKit.Context(model, second, step: 2));
        Func<int, double[], double> passes = (_, p) => p.Max() >= tau * beta[ArgMax(p)] / (2 - beta[ArgMax(p)]) ? 1 : 0;
        double unlabeled2 = MaskedCrossEntropy(v2.Weak, v2.Strong, passes);
        AssertStandardMetrics(result2, v2, SupervisedLoss(v2.Labeled, v2.Labels) + unlabeled2, unlabeled2, 1, v2.Weak);
        Assert.Equal(v2.Weak.Select(r => passes(0, Softmax(r))).Average(), AlgorithmTestKit.Metric(result2, MetricNames.MaskRatio));
        Assert.True(algorithm.Requirements.UsesExampleIndices);
    }

    [Fact]
    public void FreeMatch_step_updates_its_EMAs_then_masks_and_adds_the_weighted_fairness_term()
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        using var batch = AlgorithmTestKit.Batch(17);
        var v = Forward(model, batch);
        var algorithm = new FreeMatch(new FreeMatchOptions { ProbabilityEmaDecay = 0.5, FairnessLossWeight = 0.1 });
        algorithm.Initialize(AlgorithmTestKit.Setup());

        var result = algorithm.Step(AlgorithmTestKit.Context(model, batch));

        // Hand: EMAs with decay 0.5 from uniform, then the class-scaled threshold.
        var p = v.Weak.Select(Softmax).ToArray();
        double threshold = 0.5 / 3 + 0.5 * p.Average(r => r.Max());
        var classProbabilities = Enumerable.Range(0, 3).Select(c => 0.5 / 3 + 0.5 * p.Average(r => r[c])).ToArray();
        var mask = p.Select(r => r.Max() >= threshold * classProbabilities[ArgMax(r)] / classProbabilities.Max() ? 1.0 : 0.0).ToArray();
        Assert.Contains(1.0, mask);
        double unlabeled = MaskedCrossEntropy(v.Weak, v.Strong, (i, _) => mask[i]);
        double fairness = FreeMatchFairnessLoss.Compute(tensor(mask, dtype: float64), tensor(v.Strong.SelectMany(r => r).ToArray(), dtype: float64).reshape(6, 3),
            algorithm.State.ClassProbabilities, algorithm.State.LabelHistogram).item<double>();
        double expected = SupervisedLoss(v.Labeled, v.Labels) + unlabeled + 0.1 * fairness;
        AssertStandardMetrics(result, v, expected, unlabeled, 1, v.Weak);
        Assert.Equal(mask.Average(), AlgorithmTestKit.Metric(result, MetricNames.MaskRatio));
        Assert.Equal(fairness, AlgorithmTestKit.Metric(result, FreeMatch.FairnessLossMetric), 1e-12);
        Assert.Equal(threshold, algorithm.State.GlobalThreshold.item<double>(), 1e-15);
    }

    [Fact]
    public void SoftMatch_step_weights_the_strong_CE_of_the_unaligned_argmax_by_the_Gaussian_of_the_aligned_confidence()
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        using var batch = AlgorithmTestKit.Batch(18);
        var v = Forward(model, batch);
        var algorithm = new SoftMatch(new SoftMatchOptions { ProbabilityEmaDecay = 0.5 });
        algorithm.Initialize(AlgorithmTestKit.Setup());

        var result = algorithm.Step(AlgorithmTestKit.Context(model, batch));

        // Hand: the first batch sets p̂ to its mean; μ, σ² move halfway from 1/C and 1.
        var p = v.Weak.Select(Softmax).ToArray();
        var distribution = Enumerable.Range(0, 3).Select(c => p.Average(r => r[c])).ToArray();
        var confidence = p.Select(r =>
        {
            var a = r.Select((x, c) => x * (1.0 / 3 + 1e-6) / (distribution[c] + 1e-6)).ToArray();
            return a.Max() / a.Sum();
        }).ToArray();
        double batchMean = confidence.Average();
        double mean = 0.5 / 3 + 0.5 * batchMean;
        double variance = 0.5 + 0.5 * confidence.Sum(c => (c - batchMean) * (c - batchMean)) / (confidence.Length - 1);
        var weights = confidence.Select(c => Math.Exp(-Math.Pow(Math.Min(c - mean, 0), 2) / (2 * variance / 4))).ToArray();
        double unlabeled = MaskedCrossEntropy(v.Weak, v.Strong, (i, _) => weights[i]);
        AssertStandardMetrics(result, v, SupervisedLoss(v.Labeled, v.Labels) + unlabeled, unlabeled, 1, v.Weak);
        Assert.Equal(weights.Average(), AlgorithmTestKit.Metric(result, MetricNames.MaskRatio), 1e-14);
    }

    [Theory]
    [InlineData("pseudolabel")]
    [InlineData("pimodel")]
    public void Unlabelled_forwards_leave_batchnorm_running_statistics_as_the_labelled_forward_left_them_and_the_loss_differentiable(string name)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(4);
        var model = nn.Sequential(("fc", nn.Linear(AlgorithmTestKit.Features, 3)), ("bn", nn.BatchNorm1d(3)));
        model.to(float64);
        var reference = nn.Sequential(("fc", nn.Linear(AlgorithmTestKit.Features, 3)), ("bn", nn.BatchNorm1d(3)));
        reference.to(float64);
        AlgorithmTestKit.CopyWeights(model, reference);
        using var batch = AlgorithmTestKit.Batch(19);
        ISemiSupervisedAlgorithm algorithm = name == "pimodel" ? new PiModel(new PiModelOptions()) : new PseudoLabel(new PseudoLabelOptions());
        algorithm.Initialize(AlgorithmTestKit.Setup());

        var result = algorithm.Step(AlgorithmTestKit.Context(model, batch, step: 5));
        result.Loss.backward();
        Assert.True(model.parameters().First().grad is { } grad && grad.abs().sum().item<double>() > 0);
        using (no_grad())
        {
            reference.forward(batch.Labeled.Images);
        }

        foreach (var ((key, actual), (_, expected)) in model.state_dict().Zip(reference.state_dict()))
        {
            Assert.True(Core.TensorAssert.Identical(actual, expected), $"buffer or parameter {key} differs");
        }
    }
}
