using MetaSemi.Algorithms;
using static MetaSemi.Tests.Algorithms.HandMath;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>FlexMatch's, FreeMatch's and SoftMatch's state after a few hand-fed batches against hand computation.</summary>
public sealed class AlgorithmStateTests
{
    private static Tensor Matrix(double[][] rows) => tensor(rows.SelectMany(r => r).ToArray(), dtype: float64).reshape(rows.Length, rows[0].Length);

    private static double[] Values(Tensor t) => t.cpu().data<double>().ToArray();

    [Fact]
    public void FlexMatch_learning_effect_with_warmup_divides_the_class_counts_by_the_largest_count_including_unused_examples()
    {
        using var scope = NewDisposeScope();
        var state = new FlexMatchThresholds(5, 3, 0.9, warmup: true, CPU, float64);
        Assert.Equal([0.0, 0.0, 0.0], Values(state.Thresholds(tensor(new long[] { 0, 1, 2 }))));

        // Batch 1: examples 0 and 2 pass τ as class 1; example 1 does not. Counts: unused 3, class 1: 2.
        state.Update(tensor(new long[] { 0, 1, 2 }), tensor(new[] { 0.95, 0.5, 0.92 }, dtype: float64), tensor(new long[] { 1, 0, 1 }));
        Assert.Equal([1L, -1L, 1L, -1L, -1L], Longs(state.SelectedLabels));
        Assert.Equal([0.0, 2.0 / 3, 0.0], Values(state.LearningEffect));
        double beta = 2.0 / 3;
        Assert.Equal(0.9 * beta / (2 - beta), state.Thresholds(tensor(new long[] { 1 })).item<double>(), 1e-15);

        // Batch 2: examples 3 (class 2) and 4 (class 1) pass; example 0 falls below τ and keeps its class 1.
        state.Update(tensor(new long[] { 3, 4, 0 }), tensor(new[] { 0.91, 0.99, 0.3 }, dtype: float64), tensor(new long[] { 2, 1, 0 }));
        Assert.Equal([1L, -1L, 1L, 2L, 1L], Longs(state.SelectedLabels));
        Assert.Equal([0.0, 1.0, 1.0 / 3], Values(state.LearningEffect));
    }

    [Fact]
    public void FlexMatch_learning_effect_without_warmup_divides_by_the_largest_class_count()
    {
        using var scope = NewDisposeScope();
        var state = new FlexMatchThresholds(5, 3, 0.9, warmup: false, CPU, float64);
        state.Update(tensor(new long[] { 0, 1, 2 }), tensor(new[] { 0.95, 0.5, 0.92 }, dtype: float64), tensor(new long[] { 1, 0, 1 }));
        Assert.Equal([0.0, 1.0, 0.0], Values(state.LearningEffect));
    }

    [Fact]
    public void FlexMatch_learning_effect_is_not_recomputed_while_every_example_holds_the_same_value()
    {
        using var scope = NewDisposeScope();
        var state = new FlexMatchThresholds(2, 3, 0.9, warmup: true, CPU, float64);
        state.Update(tensor(new long[] { 0, 1 }), tensor(new[] { 0.95, 0.97 }, dtype: float64), tensor(new long[] { 0, 0 }));
        Assert.Equal([0L, 0L], Longs(state.SelectedLabels));
        Assert.Equal([0.0, 0.0, 0.0], Values(state.LearningEffect));
    }

    /// <summary>FreeMatch's EMAs and mask in double arithmetic.</summary>
    private sealed class FreeMatchHand(int classes, double m)
    {
        public double Threshold = 1.0 / classes;
        public double[] Probabilities = Enumerable.Repeat(1.0 / classes, classes).ToArray();
        public double[] Histogram = Enumerable.Repeat(1.0 / classes, classes).ToArray();

        public double[] Step(double[][] batch)
        {
            Threshold = m * Threshold + (1 - m) * batch.Average(r => r.Max());
            var counts = new double[classes];
            foreach (var r in batch)
            {
                counts[ArgMax(r)]++;
            }

            for (int c = 0; c < classes; c++)
            {
                Probabilities[c] = m * Probabilities[c] + (1 - m) * batch.Average(r => r[c]);
                Histogram[c] = m * Histogram[c] + (1 - m) * counts[c] / batch.Length;
            }

            double largest = Probabilities.Max();
            return batch.Select(r => r.Max() >= Threshold * Probabilities[ArgMax(r)] / largest ? 1.0 : 0.0).ToArray();
        }
    }

    [Fact]
    public void FreeMatch_threshold_class_distribution_and_histogram_follow_their_EMAs_from_uniform()
    {
        using var scope = NewDisposeScope();
        double[][] first = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.6, 0.3, 0.1]];
        double[][] second = [[0.2, 0.2, 0.6], [0.34, 0.33, 0.33], [0.9, 0.05, 0.05], [0.3, 0.5, 0.2]];
        var state = new FreeMatchThresholds(3, 0.9, CPU, float64);
        var hand = new FreeMatchHand(3, 0.9);

        foreach (var batch in new[] { first, second })
        {
            state.Update(Matrix(batch));
            var mask = state.Mask(Matrix(batch));
            var expectedMask = hand.Step(batch);
            Assert.Equal(hand.Threshold, state.GlobalThreshold.item<double>(), 1e-15);
            Assert.Equal(hand.Probabilities, Values(state.ClassProbabilities), new Tolerance(1e-15));
            Assert.Equal(hand.Histogram, Values(state.LabelHistogram), new Tolerance(1e-15));
            Assert.Equal(expectedMask, Values(mask));
        }

        Assert.Contains(0.0, Values(state.Mask(Matrix(second))));
        Assert.Contains(1.0, Values(state.Mask(Matrix(second))));
    }

    /// <summary>SoftMatch's alignment and Gaussian in double arithmetic.</summary>
    private sealed class SoftMatchHand(int classes, double m, double nSigma)
    {
        public double Mean = 1.0 / classes;
        public double Variance = 1.0;
        public double[]? Distribution;

        public double[] Step(double[][] batch)
        {
            var batchMean = Enumerable.Range(0, classes).Select(c => batch.Average(r => r[c])).ToArray();
            Distribution = Distribution is null ? batchMean : Distribution.Select((p, c) => m * p + (1 - m) * batchMean[c]).ToArray();
            var aligned = batch.Select(r =>
            {
                var a = r.Select((p, c) => p * (1.0 / classes + 1e-6) / (Distribution[c] + 1e-6)).ToArray();
                double sum = a.Sum();
                return a.Select(v => v / sum).ToArray();
            }).ToArray();
            var confidence = aligned.Select(r => r.Max()).ToArray();
            double mean = confidence.Average();
            double variance = confidence.Sum(v => (v - mean) * (v - mean)) / (confidence.Length - 1);
            Mean = m * Mean + (1 - m) * mean;
            Variance = m * Variance + (1 - m) * variance;
            return confidence.Select(v => Math.Exp(-Math.Pow(Math.Min(v - Mean, 0), 2) / (2 * Variance / (nSigma * nSigma)))).ToArray();
        }
    }

    [Fact]
    public void SoftMatch_alignment_mean_and_variance_follow_their_EMAs_and_give_the_truncated_Gaussian_weights()
    {
        using var scope = NewDisposeScope();
        double[][] first = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.6, 0.3, 0.1]];
        double[][] second = [[0.2, 0.2, 0.6], [0.34, 0.33, 0.33], [0.9, 0.05, 0.05], [0.3, 0.5, 0.2]];
        var state = new SoftMatchWeighting(3, 0.9, 2, align: true, CPU, float64);
        var hand = new SoftMatchHand(3, 0.9, 2);

        foreach (var batch in new[] { first, second })
        {
            var weights = state.Weights(state.Align(Matrix(batch)));
            var expected = hand.Step(batch);
            Assert.Equal(hand.Mean, state.Mean.item<double>(), 1e-15);
            Assert.Equal(hand.Variance, state.Variance.item<double>(), 1e-15);
            Assert.Equal(hand.Distribution!, Values(state.ClassDistribution), new Tolerance(1e-15));
            Assert.Equal(expected, Values(weights), new Tolerance(1e-14));
        }

        Assert.Equal(2L, state.AlignmentUpdates.item<long>());
        Assert.Contains(1.0, Values(state.Weights(state.Align(Matrix(second)))));
    }
}

/// <summary>Element-wise comparison of doubles within an absolute tolerance, for Assert.Equal on sequences.</summary>
internal sealed class Tolerance(double absolute) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= absolute;

    public int GetHashCode(double obj) => 0;
}
