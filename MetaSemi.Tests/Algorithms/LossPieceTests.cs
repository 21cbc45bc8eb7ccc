using MetaSemi.Algorithms;
using static MetaSemi.Tests.Algorithms.HandMath;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>The unlabelled-loss pieces of docs/design.md §7 on tiny tensors against plain double arithmetic.</summary>
public sealed class LossPieceTests
{
    private static readonly double[][] WeakProbabilities =
    [
        [0.96, 0.03, 0.01],
        [0.5, 0.3, 0.2],
        [0.02, 0.97, 0.01],
        [0.05, 0.0, 0.95],
    ];

    private static readonly double[][] StrongLogits =
    [
        [1.0, 2.0, 0.5],
        [0.1, -1.0, 2.0],
        [0.0, 0.0, 3.0],
        [2.0, 1.0, -1.0],
    ];

    private static Tensor Matrix(double[][] rows) => tensor(rows.SelectMany(r => r).ToArray(), dtype: float64).reshape(rows.Length, rows[0].Length);

    [Fact]
    public void FixMatch_loss_keeps_the_examples_at_or_above_the_threshold_and_averages_over_the_whole_batch()
    {
        using var scope = NewDisposeScope();
        var result = FixMatchLoss.Compute(Matrix(WeakProbabilities), Matrix(StrongLogits), 0.95);

        // Rows 0, 2 and 3 pass (row 3 exactly at τ); row 1 counts in the mean with weight 0.
        double expected = (CrossEntropy(StrongLogits[0], 0) + CrossEntropy(StrongLogits[2], 1) + CrossEntropy(StrongLogits[3], 2)) / 4;
        Assert.Equal(expected, result.Loss.item<double>(), 1e-14);
        Assert.Equal([1.0, 0.0, 1.0, 1.0], result.Mask.data<double>().ToArray());
        Assert.Equal([0L, 0L, 1L, 2L], Longs(result.PseudoLabels));
    }

    [Fact]
    public void FixMatch_loss_with_per_example_thresholds_compares_each_confidence_with_its_own()
    {
        using var scope = NewDisposeScope();
        var thresholds = tensor(new[] { 0.99, 0.4, 0.5, 0.96 }, dtype: float64);
        var result = FixMatchLoss.Compute(Matrix(WeakProbabilities), Matrix(StrongLogits), thresholds);

        double expected = (CrossEntropy(StrongLogits[1], 0) + CrossEntropy(StrongLogits[2], 1)) / 4;
        Assert.Equal(expected, result.Loss.item<double>(), 1e-14);
        Assert.Equal([0.0, 1.0, 1.0, 0.0], result.Mask.data<double>().ToArray());
    }

    [Fact]
    public void Pi_model_loss_is_the_class_mean_squared_distance_of_the_two_softmaxes_with_gradient_through_both()
    {
        using var scope = NewDisposeScope();
        var first = Matrix(StrongLogits).requires_grad_(true);
        var second = Matrix(WeakProbabilities.Select(r => r.Select(v => 3 * v).ToArray()).ToArray()).requires_grad_(true);

        var loss = PiModelLoss.Compute(first, second);

        double expected = StrongLogits.Select((row, i) => MeanSquare(Softmax(row), Softmax(WeakProbabilities[i].Select(v => 3 * v).ToArray()))).Average();
        Assert.Equal(expected, loss.item<double>(), 1e-14);
        var gradients = autograd.grad([loss], [first, second]);
        Assert.True(gradients[0].abs().sum().item<double>() > 0);
        Assert.True(gradients[1].abs().sum().item<double>() > 0, "docs/design.md §7's Π-model has no stop-gradient: the second view must get a gradient");
    }

    [Fact]
    public void Mean_teacher_loss_is_the_class_mean_squared_distance_with_the_teacher_constant()
    {
        using var scope = NewDisposeScope();
        var student = Matrix(StrongLogits).requires_grad_(true);
        var teacher = Matrix(WeakProbabilities).requires_grad_(true);

        var loss = MeanTeacherLoss.Compute(student, teacher);

        double expected = StrongLogits.Select((row, i) => MeanSquare(Softmax(row), Softmax(WeakProbabilities[i]))).Average();
        Assert.Equal(expected, loss.item<double>(), 1e-14);
        loss.backward();
        Assert.True(student.grad is { } g && g.abs().sum().item<double>() > 0);
        Assert.True(teacher.grad is null || teacher.grad.IsInvalid, "the teacher's logits must get no gradient");
    }

    [Fact]
    public void Masked_cross_entropy_weights_each_example_and_divides_by_the_batch()
    {
        using var scope = NewDisposeScope();
        var weights = tensor(new[] { 0.25, 1.0, 0.0, 0.5 }, dtype: float64);
        var targets = tensor(new long[] { 2, 0, 1, 1 });

        var loss = SemiSupervisedLosses.MaskedCrossEntropy(Matrix(StrongLogits), targets, weights);

        double expected = (0.25 * CrossEntropy(StrongLogits[0], 2) + CrossEntropy(StrongLogits[1], 0) + 0.5 * CrossEntropy(StrongLogits[3], 1)) / 4;
        Assert.Equal(expected, loss.item<double>(), 1e-14);
    }

    [Fact]
    public void FreeMatch_fairness_term_uses_the_masked_examples_and_reads_one_over_zero_as_zero()
    {
        using var scope = NewDisposeScope();
        double[] classProbabilities = [0.5, 0.3, 0.2];
        double[] labelHistogram = [0.6, 0.4, 0.0];
        var mask = tensor(new[] { 1.0, 0.0, 1.0, 1.0 }, dtype: float64);

        var loss = FreeMatchFairnessLoss.Compute(mask, Matrix(StrongLogits), tensor(classProbabilities, dtype: float64), tensor(labelHistogram, dtype: float64));

        // Hand: the selected rows 0, 2, 3; their argmaxes 1, 2, 0 give the histogram (1/3, 1/3, 1/3).
        var selected = new[] { 0, 2, 3 }.Select(i => Softmax(StrongLogits[i])).ToArray();
        var histogram = new double[3];
        foreach (var p in selected)
        {
            histogram[ArgMax(p)] += 1.0 / selected.Length;
        }

        var modelTarget = classProbabilities.Select((p, c) => labelHistogram[c] == 0 ? 0 : p / labelHistogram[c]).ToArray();
        double targetSum = modelTarget.Sum();
        var mean = Enumerable.Range(0, 3).Select(c => selected.Average(p => p[c]) * (histogram[c] == 0 ? 0 : 1 / histogram[c])).ToArray();
        double meanSum = mean.Sum();
        double expected = Enumerable.Range(0, 3).Sum(c => modelTarget[c] / targetSum * Math.Log(mean[c] / meanSum + 1e-12));

        Assert.Equal(expected, loss.item<double>(), 1e-13);
        Assert.Equal(0.0, FreeMatchFairnessLoss.Compute(zeros(4, dtype: float64), Matrix(StrongLogits), tensor(classProbabilities, dtype: float64), tensor(labelHistogram, dtype: float64)).item<double>());
    }

    [Fact]
    public void Soft_target_cross_entropy_is_minus_the_target_weighted_log_softmax()
    {
        using var scope = NewDisposeScope();
        var loss = SoftTargetCrossEntropyLoss.Instance.Compute(Matrix(StrongLogits), Matrix(WeakProbabilities));

        double expected = StrongLogits.Select((row, i) => -Enumerable.Range(0, 3).Sum(c => WeakProbabilities[i][c] * LogSoftmax(row, c))).Average();
        Assert.Equal(expected, loss.item<double>(), 1e-14);
    }

    [Theory]
    [InlineData(1, 100, 0.4, 0.0)]
    [InlineData(21, 100, 0.4, 0.5)]
    [InlineData(41, 100, 0.4, 1.0)]
    [InlineData(90, 100, 0.4, 1.0)]
    [InlineData(1, 100, 0.0, 1.0)]
    public void Unsupervised_warmup_ramps_linearly_over_the_fraction_of_the_run_from_the_completed_steps(long step, long total, double fraction, double expected) =>
        Assert.Equal(expected, UnsupervisedWarmup.Factor(step, total, fraction), 1e-15);
}
