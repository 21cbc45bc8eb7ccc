using MetaSemi.Algorithms;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>
/// Issue 16's levers leave the meta step's numbers where they were: the pseudo-labels of both meta-gradients,
/// float64, on a conv net with BatchNorm, against the path as it was before them (no_grad forwards, and for the
/// exact method a separate no-grad forward for p before the forward with a graph), written out here.
/// </summary>
public sealed class MetaStepLeverEquivalenceTests
{
    private const double LearningRate = 0.3;

    public static TheoryData<string> Losses => ["SquaredL2", "KullbackLeibler"];

    private static IConsistencyLoss Loss(string name) =>
        name == "SquaredL2" ? SquaredL2ConsistencyLoss.Instance : KullbackLeiblerConsistencyLoss.Instance;

    [Theory]
    [MemberData(nameof(Losses))]
    public void Finite_difference_pseudo_labels_with_inference_mode_forwards_equal_the_no_grad_path(string lossName)
    {
        using var scope = NewDisposeScope();
        var (net, labeled, labels, unlabeled) = Problem();
        var actual = new FiniteDifferenceMetaGradient(1e-2).Compute(net, labeled, labels, unlabeled, LearningRate, Loss(lossName)).PseudoLabels;
        var expected = UnchangedFiniteDifference(net, labeled, labels, unlabeled, 1e-2, Loss(lossName));
        AssertEqual(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void Exact_pseudo_labels_from_one_unlabelled_forward_equal_the_two_forward_path(string lossName)
    {
        using var scope = NewDisposeScope();
        var (net, labeled, labels, unlabeled) = Problem();
        var actual = new ExactMetaGradient().Compute(net, labeled, labels, unlabeled, LearningRate, Loss(lossName)).PseudoLabels;
        var expected = UnchangedExact(net, labeled, labels, unlabeled, Loss(lossName));
        AssertEqual(expected, actual);
    }

    [Fact]
    public void An_inference_mode_forward_gives_the_no_grad_forward_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var (net, _, _, unlabeled) = Problem();
        net.eval();
        Tensor expected;
        using (no_grad())
        {
            expected = net.forward(unlabeled);
        }

        Tensor actual;
        using (inference_mode())
        {
            actual = net.forward(unlabeled);
        }

        Assert.True(TensorAssert.Identical(expected, actual));
    }

    private static (Sequential Net, Tensor Labeled, Tensor Labels, Tensor Unlabeled) Problem()
    {
        var net = TinyNetworks.ConvWithBatchNorm(float64);
        net.train();
        var generator = new Generator(33);
        var labeled = randn([8, 2, 5, 5], dtype: float64, generator: generator);
        var labels = tensor(new long[] { 0, 1, 2, 3, 3, 2, 1, 0 });
        var unlabeled = randn([8, 2, 5, 5], dtype: float64, generator: generator);
        return (net, labeled, labels, unlabeled);
    }

    // Within float64 rounding of probabilities in [0, 1]; the change is in fact expected to be none at all.
    private static void AssertEqual(Tensor expected, Tensor actual)
    {
        double difference = (expected - actual).abs().max().item<double>();
        Assert.True(difference <= 1e-15, $"largest difference {difference:E3}");
        Assert.True(expected.sum(1).sub(1).abs().max().item<double>() < 1e-12, "degenerate check: rows are distributions");
    }

    private static Tensor[] Parameters(Sequential net) => net.parameters().Where(p => p.requires_grad).Cast<Tensor>().ToArray();

    private static Tensor[] LabeledGradient(Sequential net, Tensor[] parameters, Tensor labeled, Tensor labels)
    {
        using var grad = enable_grad();
        var loss = nn.functional.cross_entropy(net.forward(labeled), labels);
        return [.. autograd.grad([loss], parameters, allow_unused: true)];
    }

    private static Tensor Project(Tensor y)
    {
        var positive = nn.functional.relu(y);
        var sums = positive.sum(1, keepdim: true);
        return positive / where(sums > 0, sums, ones_like(sums));
    }

    private static Tensor UnchangedFiniteDifference(Sequential net, Tensor labeled, Tensor labels, Tensor unlabeled, double epsilon, IConsistencyLoss loss)
    {
        net.eval();
        var parameters = Parameters(net);
        var g = LabeledGradient(net, parameters, labeled, labels);
        Tensor p, plus, minus, step;
        using (no_grad())
        {
            p = nn.functional.softmax(net.forward(unlabeled), 1);
            var squaredNorm = g.Select(t => t.square().sum()).Aggregate((a, b) => a + b);
            step = epsilon / squaredNorm.sqrt().clamp_min(finfo(squaredNorm.dtype).tiny);
            var saved = parameters.Select(t => t.detach().clone()).ToArray();
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].add_(g[i] * step, alpha: 1);
            }

            plus = net.forward(unlabeled);
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].copy_(saved[i]);
                parameters[i].add_(g[i] * step, alpha: -1);
            }

            minus = net.forward(unlabeled);
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].copy_(saved[i]);
            }
        }

        Tensor TargetGradient(Tensor logits)
        {
            using var grad = enable_grad();
            var leaf = p.detach().clone().requires_grad_(true);
            return autograd.grad([loss.Compute(logits, leaf)], [leaf])[0];
        }

        var difference = TargetGradient(plus) - TargetGradient(minus);
        net.train();
        using var noGrad = no_grad();
        return Project(p - LearningRate * (difference * (-p.shape[0] / 2.0) / step));
    }

    private static Tensor UnchangedExact(Sequential net, Tensor labeled, Tensor labels, Tensor unlabeled, IConsistencyLoss loss)
    {
        net.eval();
        var parameters = Parameters(net);
        var g = LabeledGradient(net, parameters, labeled, labels);
        Tensor p;
        using (no_grad())
        {
            p = nn.functional.softmax(net.forward(unlabeled), 1);
        }

        Tensor targetGradient;
        using (enable_grad())
        {
            var leaf = p.detach().clone().requires_grad_(true);
            var value = loss.Compute(net.forward(unlabeled), leaf);
            var parameterGradient = autograd.grad([value], parameters, retain_graph: true, create_graph: true, allow_unused: true);
            var directional = parameterGradient.Zip(g, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b);
            targetGradient = autograd.grad([directional], [leaf])[0];
        }

        net.train();
        using var noGrad = no_grad();
        return Project(p - LearningRate * (targetGradient * -p.shape[0]));
    }
}
