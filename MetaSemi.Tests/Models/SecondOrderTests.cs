using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>
/// The exact meta-gradient differentiates twice through the model in eval mode: in-place
/// LeakyReLU, BatchNorm with running statistics, pooling and the eval shake gate must support it.
/// </summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class SecondOrderTests
{
    // s(θ) = ∇θ CE(f(x; θ), y) · v.
    private static Tensor DirectionalGradient(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, Tensor[] v, bool createGraph)
    {
        var parameters = model.parameters().ToArray();
        var loss = nn.functional.cross_entropy(model.call(x), y);
        var g = autograd.grad([loss], parameters, retain_graph: createGraph, create_graph: createGraph);
        return g.Zip(v, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b);
    }

    private static void Shift(nn.Module model, Tensor[] v, double h)
    {
        using var noGrad = no_grad();
        foreach (var (p, d) in model.parameters().Zip(v))
        {
            p.add_(d, alpha: h);
        }
    }

    public static TheoryData<string> Models => ["small-cnn", "shake-block"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Hessian_vector_product_in_eval_mode_matches_finite_differences(string which)
    {
        torch.manual_seed(17);
        using var scope = NewDisposeScope();
        nn.Module<Tensor, Tensor> model = which == "small-cnn"
            ? new SmallCnn(numClasses: 3, inputChannels: 2, width: 3)
            : nn.Sequential(new ShakeShakeBlock(2, 4, stride: 2, new ShiftConvDownsample(2, 4)), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3));
        model.to(float64);
        model.train();
        using (no_grad())
        {
            model.call(randn([6, 2, 8, 8], dtype: float64)); // non-trivial running statistics
        }

        model.eval();
        var x = randn([4, 2, 8, 8], dtype: float64);
        var y = randint(0, 3, 4);
        var v = model.parameters().Select(p => randn_like(p)).ToArray();

        // vᵀHv by double backward ...
        var s = DirectionalGradient(model, x, y, v, createGraph: true);
        var hv = autograd.grad([s], model.parameters().ToArray(), retain_graph: true);
        var exact = hv.Zip(v, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b).item<double>();

        // ... and by central differences of s along v.
        const double h = 1e-5;
        Shift(model, v, h);
        var plus = DirectionalGradient(model, x, y, v, createGraph: false).item<double>();
        Shift(model, v, -2 * h);
        var minus = DirectionalGradient(model, x, y, v, createGraph: false).item<double>();
        Shift(model, v, h);
        var finite = (plus - minus) / (2 * h);

        Assert.True(Math.Abs(exact - finite) <= 1e-6 * Math.Max(1, Math.Abs(exact)), $"exact {exact}, finite difference {finite}");
        Assert.NotEqual(0, exact);
    }
}
