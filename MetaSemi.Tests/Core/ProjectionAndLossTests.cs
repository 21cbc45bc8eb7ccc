using MetaSemi.Algorithms;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>Pseudo-label projection (docs/design.md §2.1.4) and the consistency losses.</summary>
public sealed class ProjectionAndLossTests
{
    [Fact]
    public void Projection_clips_negatives_normalises_rows_and_leaves_all_negative_rows_zero()
    {
        using var scope = NewDisposeScope();
        var raw = tensor(new double[,]
        {
            { 0.2, -0.1, 0.6 },
            { -1.0, -2.0, -0.5 },
            { 0.0, 0.0, 0.0 },
            { 3.0, 1.0, 0.0 },
        });

        var projected = PseudoLabelProjection.Project(raw);

        var expected = tensor(new double[,]
        {
            { 0.25, 0.0, 0.75 },
            { 0.0, 0.0, 0.0 },
            { 0.0, 0.0, 0.0 },
            { 0.75, 0.25, 0.0 },
        });
        Assert.True(projected.allclose(expected, rtol: 0, atol: 1e-15), projected.ToString(TorchSharp.TensorStringStyle.Numpy));
        Assert.False(projected.isnan().any().item<bool>());
    }

    [Fact]
    public void Projection_of_random_rows_gives_non_negative_rows_summing_to_one_or_zero()
    {
        using var scope = NewDisposeScope();
        var raw = randn([200, 10], dtype: float64, generator: new Generator(3)) - 1.5;

        var projected = PseudoLabelProjection.Project(raw);

        var sums = projected.sum(1);
        var allNegative = raw.le(0).all(1);
        Assert.True(projected.ge(0).all().item<bool>());
        Assert.True(allNegative.any().item<bool>(), "degenerate check: no all-negative row");
        Assert.True(sums[allNegative].eq(0).all().item<bool>());
        Assert.True((sums[~allNegative] - 1).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void Squared_L2_loss_is_the_batch_mean_of_squared_distances_to_the_softmax()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new double[,] { { 0.0, 0.0 }, { Math.Log(3), 0.0 } });
        var targets = tensor(new double[,] { { 1.0, 0.0 }, { 0.0, 0.0 } });

        double loss = SquaredL2ConsistencyLoss.Instance.Compute(logits, targets).item<double>();

        // Row 1: (0.5−1)² + 0.5² = 0.5; row 2: 0.75² + 0.25² = 0.625.
        Assert.Equal((0.5 + 0.625) / 2, loss, 1e-15);
    }

    [Fact]
    public void KL_loss_follows_batchmean_with_zero_log_zero_and_has_finite_gradients_at_zero_targets()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new double[,] { { 0.0, Math.Log(3) }, { 1.0, 2.0 } });
        var targets = tensor(new double[,] { { 0.5, 0.5 }, { 1.0, 0.0 } }).requires_grad_(true);

        var loss = KullbackLeiblerConsistencyLoss.Instance.Compute(logits, targets);
        var gradient = autograd.grad([loss], [targets])[0];

        double row1 = 0.5 * Math.Log(0.5 / 0.25) + 0.5 * Math.Log(0.5 / 0.75);
        double row2 = 1.0 * Math.Log(1.0 / (Math.Exp(1) / (Math.Exp(1) + Math.Exp(2))));
        Assert.Equal((row1 + row2) / 2, loss.item<double>(), 1e-14);
        Assert.True(gradient.isfinite().all().item<bool>());
    }
}
