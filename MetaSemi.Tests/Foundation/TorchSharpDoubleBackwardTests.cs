using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Foundation;

/// <summary>
/// TorchSharp loads in the test process and differentiates twice: the meta-gradient needs
/// autograd.grad with create_graph through convolutions and batch normalisation.
/// </summary>
public sealed class TorchSharpDoubleBackwardTests
{
    private static Sequential Network()
    {
        torch.manual_seed(7);
        var net = nn.Sequential(
            ("conv", nn.Conv2d(2, 4, 3, padding: 1)),
            ("bn", nn.BatchNorm2d(4)),
            ("act", nn.Tanh()),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(4, 3)));
        net.to(float64);
        net.train();
        return net;
    }

    /// <summary>s(θ) = ∇θ L(θ) · v, first-order only.</summary>
    private static double DirectionalGradient(Sequential net, Tensor x, Tensor y, IList<Tensor> v)
    {
        using var scope = NewDisposeScope();
        var parameters = net.parameters().ToArray();
        var loss = nn.functional.cross_entropy(net.forward(x), y);
        var g = torch.autograd.grad([loss], parameters);
        var s = g.Zip(v, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b);
        return s.item<double>();
    }

    [Fact]
    public void Hessian_vector_product_through_conv_batchnorm_linear_matches_finite_differences()
    {
        using var scope = NewDisposeScope();
        var net = Network();
        var generator = new Generator(11);
        var x = randn([6, 2, 5, 5], dtype: float64, generator: generator);
        var y = tensor(new long[] { 0, 1, 2, 0, 1, 2 });
        var parameters = net.parameters().ToArray();
        var v = parameters.Select(p => randn(p.shape, dtype: float64, generator: generator)).ToArray();
        var u = parameters.Select(p => randn(p.shape, dtype: float64, generator: generator)).ToArray();

        // Autograd: ∇θ (∇θ L · v) = H v, then its component along u.
        var loss = nn.functional.cross_entropy(net.forward(x), y);
        var g = torch.autograd.grad([loss], parameters, retain_graph: true, create_graph: true);
        var s = g.Zip(v, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b);
        var hv = torch.autograd.grad([s], parameters);
        double analytic = hv.Zip(u, (a, b) => (a * b).sum().item<double>()).Sum();

        // Central difference of s along u.
        const double eps = 1e-5;
        double Shifted(double sign)
        {
            using (no_grad())
            {
                for (int i = 0; i < parameters.Length; i++)
                {
                    parameters[i].add_(u[i], alpha: sign * eps);
                }
            }

            double value = DirectionalGradient(net, x, y, v);
            using (no_grad())
            {
                for (int i = 0; i < parameters.Length; i++)
                {
                    parameters[i].add_(u[i], alpha: -sign * eps);
                }
            }

            return value;
        }

        double numeric = (Shifted(+1) - Shifted(-1)) / (2 * eps);

        Assert.True(Math.Abs(analytic) > 1e-3, $"degenerate check: u·Hv = {analytic}");
        Assert.True(Math.Abs(analytic - numeric) <= 1e-6 * Math.Abs(analytic), $"autograd {analytic:R} vs finite difference {numeric:R}");
    }
}
