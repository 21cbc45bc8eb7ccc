using MetaSemi.Algorithms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>The meta-gradient G (docs/design.md §2.1.3) in float64 against independent computations.</summary>
public sealed class MetaGradientTests
{
    public static TheoryData<string> Losses => ["SquaredL2", "KullbackLeibler"];

    private static IConsistencyLoss Loss(string name) =>
        name == "SquaredL2" ? SquaredL2ConsistencyLoss.Instance : KullbackLeiblerConsistencyLoss.Instance;

    private static double RelativeError(Tensor actual, Tensor expected) =>
        (actual - expected).norm().item<double>() / expected.norm().item<double>();

    [Theory]
    [MemberData(nameof(Losses))]
    public void Exact_and_finite_difference_agree_to_second_order_on_a_conv_net_with_batchnorm(string lossName)
    {
        using var scope = NewDisposeScope();
        var net = TinyNetworks.ConvWithBatchNorm(float64);
        net.train();
        var generator = new Generator(21);
        var labeled = randn([8, 2, 5, 5], dtype: float64, generator: generator);
        var labels = tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 3 });
        var unlabeled = randn([6, 2, 5, 5], dtype: float64, generator: generator);

        var exact = new ExactMetaGradient().MetaGradient(net, labeled, labels, unlabeled, Loss(lossName));
        var coarse = new FiniteDifferenceMetaGradient(1e-2).MetaGradient(net, labeled, labels, unlabeled, Loss(lossName));
        var fine = new FiniteDifferenceMetaGradient(1e-4).MetaGradient(net, labeled, labels, unlabeled, Loss(lossName));

        double coarseError = RelativeError(coarse, exact);
        double fineError = RelativeError(fine, exact);
        Assert.True(exact.norm().item<double>() > 1e-3, "degenerate check: G is nearly zero");
        Assert.True(fineError < 1e-4, $"ε0 = 1e-4: relative error {fineError:E3}");

        // Second order: 100× smaller ε gives about 10⁴× smaller error (allow rounding: ≥ 10³×).
        Assert.True(coarseError > 1e3 * fineError, $"ε0 = 1e-2: {coarseError:E3}, ε0 = 1e-4: {fineError:E3}");
        Assert.True(net.training, "the network's training mode was not restored");
    }

    /// <summary>Rows of J = ∂p/∂θ, each by its own first-order autograd call, concatenated over parameters.</summary>
    private static Tensor JacobianRowByRow(Sequential net, Tensor unlabeled, Tensor[] parameters)
    {
        var p = nn.functional.softmax(net.forward(unlabeled), 1);
        var rows = new List<Tensor>();
        for (int i = 0; i < p.shape[0]; i++)
        {
            for (int c = 0; c < p.shape[1]; c++)
            {
                var row = autograd.grad([p[i, c]], parameters, retain_graph: true);
                rows.Add(cat(row.Select(r => r.flatten()).ToArray(), 0));
            }
        }

        return stack(rows, 0);
    }

    [Fact]
    public void Exact_meta_gradient_equals_twice_the_jacobian_times_g_for_squared_L2_and_Jg_over_p_for_KL()
    {
        using var scope = NewDisposeScope();
        var net = TinyNetworks.Mlp(3, 4, 3, float64);
        var generator = new Generator(8);
        var labeled = randn([5, 3], dtype: float64, generator: generator);
        var labels = tensor(new long[] { 0, 1, 2, 1, 0 });
        var unlabeled = randn([4, 3], dtype: float64, generator: generator);
        net.eval();
        var parameters = net.parameters().Cast<Tensor>().ToArray();

        var jacobian = JacobianRowByRow(net, unlabeled, parameters);
        var g = cat(autograd.grad([nn.functional.cross_entropy(net.forward(labeled), labels)], parameters).Select(t => t.flatten()).ToArray(), 0);
        var jg = jacobian.matmul(g).reshape(4, 3);
        var p = nn.functional.softmax(net.forward(unlabeled), 1).detach();

        var squared = new ExactMetaGradient().MetaGradient(net, labeled, labels, unlabeled, SquaredL2ConsistencyLoss.Instance);
        var kl = new ExactMetaGradient().MetaGradient(net, labeled, labels, unlabeled, KullbackLeiblerConsistencyLoss.Instance);

        Assert.True(jg.norm().item<double>() > 1e-3, "degenerate check: J g is nearly zero");
        Assert.True(RelativeError(squared, 2 * jg) < 1e-12, $"squared L2: relative error {RelativeError(squared, 2 * jg):E3}");
        Assert.True(RelativeError(kl, jg / p) < 1e-12, $"KL: relative error {RelativeError(kl, jg / p):E3}");
    }

    [Fact]
    public void Meta_step_pseudo_labels_are_the_projection_of_p_minus_lr_times_G()
    {
        using var scope = NewDisposeScope();
        var net = TinyNetworks.ConvWithBatchNorm(float64);
        var generator = new Generator(4);
        var labeled = randn([8, 2, 5, 5], dtype: float64, generator: generator);
        var labels = tensor(new long[] { 0, 1, 2, 3, 3, 2, 1, 0 });
        var unlabeled = randn([6, 2, 5, 5], dtype: float64, generator: generator);
        var method = new FiniteDifferenceMetaGradient();
        const double lr = 5.0;  // large, so that the projection clips some entries

        var result = method.Compute(net, labeled, labels, unlabeled, lr, SquaredL2ConsistencyLoss.Instance);
        var g = method.MetaGradient(net, labeled, labels, unlabeled, SquaredL2ConsistencyLoss.Instance);
        net.eval();
        var p = nn.functional.softmax(net.forward(unlabeled), 1).detach();
        var expected = (p - lr * g).relu();
        expected = expected / expected.sum(1, keepdim: true);

        Assert.True(result.PseudoLabels.allclose(expected, rtol: 1e-12, atol: 1e-14));
        Assert.True(result.LabeledLogits.allclose(net.forward(labeled), rtol: 1e-12, atol: 1e-14));
        Assert.True((p - lr * g).lt(0).any().item<bool>(), "degenerate check: nothing was clipped");
    }

    [Fact]
    public void No_meta_gradient_returns_the_evaluation_mode_prediction()
    {
        using var scope = NewDisposeScope();
        var net = TinyNetworks.ConvWithBatchNorm(float64);
        net.train();
        var generator = new Generator(5);
        var images = randn([4, 2, 5, 5], dtype: float64, generator: generator);
        var labels = tensor(new long[] { 0, 1, 2, 3 });

        var result = new NoMetaGradient().Compute(net, images, labels, images, 0.1, SquaredL2ConsistencyLoss.Instance);

        Assert.True(net.training);
        net.eval();
        Assert.True(TensorAssert.Identical(result.PseudoLabels, nn.functional.softmax(net.forward(images), 1)));
    }
}
