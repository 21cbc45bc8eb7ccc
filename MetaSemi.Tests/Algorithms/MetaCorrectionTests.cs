using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Tests.Core;
using TorchSharp;
using TorchSharp.Modules;
using static MetaSemi.Tests.Algorithms.HandMath;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>
/// The meta-corrected targets of Pseudo-Label and FixMatch: G of soft-target cross-entropy by finite difference and
/// exactly (docs/design.md §2.1.3's general formulas) in float64, and the corrected target q' = project(q − lr·G) in the step.
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class MetaCorrectionTests
{
    private static double RelativeError(Tensor actual, Tensor expected) =>
        (actual - expected).norm().item<double>() / expected.norm().item<double>();

    [Fact]
    public void Finite_difference_and_exact_meta_gradients_of_soft_target_CE_agree_to_second_order_on_a_conv_net_with_batchnorm()
    {
        using var scope = NewDisposeScope();
        var net = TinyNetworks.ConvWithBatchNorm(float64);
        net.train();
        var generator = new Generator(31);
        var labeled = randn([8, 2, 5, 5], dtype: float64, generator: generator);
        var labels = tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 3 });
        var strong = randn([6, 2, 5, 5], dtype: float64, generator: generator);

        var exact = new MetaTargetCorrection(MetaGradientMethod.Exact).MetaGradient(net, labeled, labels, strong)!;
        var coarse = new MetaTargetCorrection(MetaGradientMethod.FiniteDifference, 1e-2).MetaGradient(net, labeled, labels, strong)!;
        var fine = new MetaTargetCorrection(MetaGradientMethod.FiniteDifference, 1e-4).MetaGradient(net, labeled, labels, strong)!;

        double coarseError = RelativeError(coarse, exact);
        double fineError = RelativeError(fine, exact);
        Assert.True(exact.norm().item<double>() > 1e-3, "degenerate check: G is nearly zero");
        Assert.True(fineError < 1e-4, $"ε0 = 1e-4: relative error {fineError:E3}");

        // Second order: 100× smaller ε gives about 10⁴× smaller error (allow rounding: ≥ 10³×).
        Assert.True(coarseError > 1e3 * fineError, $"ε0 = 1e-2: {coarseError:E3}, ε0 = 1e-4: {fineError:E3}");
        Assert.True(net.training, "the network's training mode was not restored");
    }

    /// <summary>J_{log p}·g row by row: the derivative of each log-probability along the labelled CE gradient.</summary>
    private static Tensor LogProbabilityJacobianTimesG(Sequential net, Tensor labeled, Tensor labels, Tensor images)
    {
        var parameters = net.parameters().Cast<Tensor>().ToArray();
        var g = cat(autograd.grad([nn.functional.cross_entropy(net.forward(labeled), labels)], parameters).Select(t => t.flatten()).ToArray(), 0);
        var logP = nn.functional.log_softmax(net.forward(images), 1);
        var rows = new List<Tensor>();
        for (int i = 0; i < logP.shape[0]; i++)
        {
            for (int c = 0; c < logP.shape[1]; c++)
            {
                var row = autograd.grad([logP[i, c]], parameters, retain_graph: true);
                rows.Add(cat(row.Select(r => r.flatten()).ToArray(), 0).dot(g));
            }
        }

        return stack(rows, 0).reshape(logP.shape[0], logP.shape[1]).detach();
    }

    [Fact]
    public void Exact_meta_gradient_of_soft_target_CE_is_the_log_probability_jacobian_times_g()
    {
        using var scope = NewDisposeScope();
        var net = TinyNetworks.Mlp(3, 4, 3, float64);
        var generator = new Generator(9);
        var labeled = randn([5, 3], dtype: float64, generator: generator);
        var labels = tensor(new long[] { 0, 1, 2, 1, 0 });
        var images = randn([4, 3], dtype: float64, generator: generator);

        var expected = LogProbabilityJacobianTimesG(net, labeled, labels, images);
        var exact = new MetaTargetCorrection(MetaGradientMethod.Exact).MetaGradient(net, labeled, labels, images)!;

        Assert.True(expected.norm().item<double>() > 1e-3, "degenerate check: J g is nearly zero");
        Assert.True(RelativeError(exact, expected) < 1e-12, $"relative error {RelativeError(exact, expected):E3}");
    }

    [Fact]
    public void No_meta_correction_computes_no_meta_gradient_and_leaves_the_targets_and_the_model_untouched()
    {
        using var scope = NewDisposeScope();
        var net = TinyNetworks.Mlp(3, 4, 3, float64);
        var q = softmax(randn([4, 3], dtype: float64, generator: new Generator(2)), 1);

        var before = TrainerTestKit.State(net);
        var none = new MetaTargetCorrection(MetaGradientMethod.None);
        var g = none.MetaGradient(net, randn(2, 3, dtype: float64), tensor(new long[] { 0, 1 }), randn(4, 3, dtype: float64));
        var corrected = MetaTargetCorrection.Correct(q, g, 5.0);

        Assert.Null(g);
        Assert.True(TensorAssert.Identical(corrected, q));
        Assert.All(before.Zip(TrainerTestKit.State(net)), p => Assert.True(TensorAssert.Identical(p.First.Value, p.Second.Value)));
    }

    private static (double[][] Corrected, double[][] Q) CorrectedByHand(
        nn.Module<Tensor, Tensor> model, PairedBatch batch, Tensor lossImages, double learningRate)
    {
        var g = LogProbabilityJacobianTimesG((Sequential)model, batch.Labeled.Images, batch.Labeled.Labels!, lossImages);
        double[][] q;
        using (no_grad())
        {
            q = Rows(model.forward(batch.Unlabeled.Images)).Select(Softmax).ToArray();
        }

        var gRows = Rows(g);
        var corrected = q.Select((row, i) =>
        {
            var moved = row.Select((x, c) => Math.Max(0, x - learningRate * gRows[i][c])).ToArray();
            double sum = moved.Sum();
            return sum > 0 ? moved.Select(x => x / sum).ToArray() : moved;
        }).ToArray();
        return (corrected, q);
    }

    /// <summary>A threshold halfway between the third and fourth largest confidences, so exactly three pass.</summary>
    private static double ThresholdPassingThree(double[][] probabilities)
    {
        var confidences = probabilities.Select(r => r.Max()).OrderDescending().ToArray();
        Assert.True(confidences[2] - confidences[3] > 1e-6, $"degenerate check: tied confidences {string.Join(", ", confidences)}");
        return (confidences[2] + confidences[3]) / 2;
    }

    [Theory]
    [InlineData(MetaGradientMethod.Exact)]
    [InlineData(MetaGradientMethod.FiniteDifference)]
    public void Meta_corrected_FixMatch_thresholds_and_argmaxes_the_projected_target_moved_by_minus_lr_times_G_of_the_strong_view(MetaGradientMethod method)
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        using var batch = AlgorithmTestKit.Batch(21);
        const double lr = 3.0;
        var (corrected, q) = CorrectedByHand(model, batch, batch.Unlabeled.View(ViewNames.Strong), lr);
        Assert.True(corrected.Select(ArgMax).Zip(q.Select(ArgMax)).Any(p => p.First != p.Second), "degenerate check: the correction changed no argmax");
        double tau = ThresholdPassingThree(corrected);
        var algorithm = new FixMatch(new FixMatchOptions { Threshold = tau, MetaCorrection = method, MetaEpsilon = 1e-5 });
        algorithm.Initialize(AlgorithmTestKit.Setup());

        var result = algorithm.Step(AlgorithmTestKit.Context(model, batch, learningRate: lr));

        double[][] labeledRows, strongRows;
        using (no_grad())
        {
            labeledRows = Rows(model.forward(batch.Labeled.Images));
            strongRows = Rows(model.forward(batch.Unlabeled.View(ViewNames.Strong)));
        }

        double unlabeled = corrected.Select((row, i) => (row.Max() >= tau ? 1 : 0) * CrossEntropy(strongRows[i], ArgMax(row))).Sum() / corrected.Length;
        double tolerance = method == MetaGradientMethod.Exact ? 1e-12 : 1e-8;
        Assert.Equal(unlabeled, AlgorithmTestKit.Metric(result, MetricNames.UnlabelLoss), tolerance);
        Assert.Equal(SupervisedLoss(labeledRows, Longs(batch.Labeled.Labels!)) + unlabeled, result.Loss.item<double>(), tolerance);
        Assert.Equal(0.5, AlgorithmTestKit.Metric(result, MetricNames.MaskRatio));
        Assert.Equal(Accuracy(corrected, Longs(batch.Unlabeled.Labels!)), AlgorithmTestKit.Metric(result, MetricNames.UnlabelAccuracy));
        double changed = corrected.Zip(q).Average(p => ArgMax(p.First) != ArgMax(p.Second) ? 1.0 : 0.0);
        Assert.Equal(changed, AlgorithmTestKit.Metric(result, MetaTargetCorrection.ArgmaxChangedMetric));

        // The meta-gradient (which moves the parameters in place for the finite difference) ran before the training forward.
        result.Loss.backward();
        Assert.True(model.parameters().First().grad is { } grad && grad.abs().sum().item<double>() > 0);
    }

    [Theory]
    [InlineData(MetaGradientMethod.Exact)]
    [InlineData(MetaGradientMethod.FiniteDifference)]
    public void Meta_corrected_pseudo_label_takes_G_of_the_weak_view_loss(MetaGradientMethod method)
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        using var batch = AlgorithmTestKit.Batch(22);
        const double lr = 0.5;
        var (corrected, q) = CorrectedByHand(model, batch, batch.Unlabeled.Images, lr);
        Assert.True(corrected.Select(ArgMax).Zip(q.Select(ArgMax)).Any(p => p.First != p.Second), "degenerate check: the correction changed no argmax");
        double tau = ThresholdPassingThree(corrected);
        var algorithm = new PseudoLabel(new PseudoLabelOptions { Threshold = tau, MetaCorrection = method, MetaEpsilon = 1e-5, WarmupFraction = 0 });
        algorithm.Initialize(AlgorithmTestKit.Setup());

        var result = algorithm.Step(AlgorithmTestKit.Context(model, batch, learningRate: lr));

        double[][] weakRows;
        using (no_grad())
        {
            weakRows = Rows(model.forward(batch.Unlabeled.Images));
        }

        double unlabeled = corrected.Select((row, i) => (row.Max() >= tau ? 1 : 0) * CrossEntropy(weakRows[i], ArgMax(row))).Sum() / corrected.Length;
        Assert.Equal(unlabeled, AlgorithmTestKit.Metric(result, MetricNames.UnlabelLoss), method == MetaGradientMethod.Exact ? 1e-12 : 1e-8);
        Assert.Equal(0.5, AlgorithmTestKit.Metric(result, MetricNames.MaskRatio));
        result.Loss.backward();
    }
}
