using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>Shake-Shake 26 2×96d: the shake gate's forward and backward, shapes, names, parameter count.</summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class ShakeShakeTests(ShakeShakeTests.Network network) : IClassFixture<ShakeShakeTests.Network>
{
    /// <summary>One 26M-parameter network shared by the read-only tests (building it is the slow part).</summary>
    public sealed class Network : IDisposable
    {
        public ShakeShake26 Model { get; } = new(numClasses: 10);

        public void Dispose() => Model.Dispose();
    }

    private static (Tensor A, Tensor B) Leaves(int n)
    {
        var a = randn([n, 3, 2, 2], dtype: float64).requires_grad_();
        var b = (randn([n, 3, 2, 2], dtype: float64) + 5).requires_grad_();
        return (a, b);
    }

    // Per-sample coefficient c with t = c·a + (1 − c)·b, checked constant over each sample.
    private static double[] Coefficients(Tensor t, Tensor a, Tensor b)
    {
        var c = ((t - b) / (a - b)).reshape(t.shape[0], -1);
        Assert.True((c - c[.., 0..1]).abs().max().item<double>() < 1e-9, "one coefficient per sample");
        return c[.., 0].data<double>().ToArray();
    }

    [Fact]
    public void Training_forward_mixes_each_sample_with_its_own_uniform_gate()
    {
        torch.manual_seed(3);
        using var scope = NewDisposeScope();
        var (a, b) = Leaves(64);
        var alpha = Coefficients(ShakeGate.Apply(a, b, training: true), a, b);
        Assert.All(alpha, g => Assert.InRange(g, 0, 1));
        Assert.True(alpha.Distinct().Count() > 60, "gates are drawn per sample");
        Assert.InRange(alpha.Average(), 0.35, 0.65);
    }

    [Fact]
    public void Training_backward_uses_an_independent_gate_and_is_finite()
    {
        torch.manual_seed(4);
        using var scope = NewDisposeScope();
        var (a, b) = Leaves(32);
        var output = ShakeGate.Apply(a, b, training: true);
        var alpha = Coefficients(output, a, b);
        output.sum().backward();

        Assert.True(a.grad!.isfinite().all().item<bool>());
        Assert.True(b.grad!.isfinite().all().item<bool>());
        // With upstream gradient 1: ∂/∂a = β and ∂/∂b = 1 − β, one β per sample.
        var beta = a.grad!.reshape(32, -1);
        Assert.True((beta - beta[.., 0..1]).abs().max().item<double>() < 1e-12);
        TensorAssert.Equal(ones_like(a), a.grad! + b.grad!);
        var betas = beta[.., 0].data<double>().ToArray();
        Assert.All(betas, v => Assert.InRange(v, 0, 1));
        // The forward-gated gradient would be α; every sample's β differs from its α.
        Assert.All(betas.Zip(alpha), p => Assert.True(Math.Abs(p.First - p.Second) > 1e-9));
    }

    [Fact]
    public void Eval_averages_the_branches_and_differentiates_the_average()
    {
        using var scope = NewDisposeScope();
        var (a, b) = Leaves(4);
        var output = ShakeGate.Apply(a, b, training: false);
        TensorAssert.Equal((a * 0.5) + (b * 0.5), output);
        output.sum().backward();
        TensorAssert.Equal(full_like(a, 0.5), a.grad!);
        TensorAssert.Equal(full_like(b, 0.5), b.grad!);
    }

    [Fact]
    public void Reference_eval_mode_averages_forward_but_keeps_a_random_backward_gate()
    {
        torch.manual_seed(9);
        using var scope = NewDisposeScope();
        var (a, b) = Leaves(16);
        var output = ShakeGate.Apply(a, b, training: false, randomBackwardInEval: true);
        TensorAssert.Equal((a * 0.5) + (b * 0.5), output);
        output.sum().backward();
        TensorAssert.Equal(ones_like(a), a.grad! + b.grad!);
        var beta = a.grad!.reshape(16, -1)[.., 0].data<double>().ToArray();
        Assert.All(beta, v => Assert.InRange(v, 0, 1));
        Assert.True(beta.Distinct().Count() > 12, "one random β per sample, not 0.5");
    }

    [Fact]
    public void Same_seed_gives_the_same_forward_and_backward_gates()
    {
        (Tensor Output, Tensor Grad) Run()
        {
            torch.manual_seed(5);
            var (a, b) = Leaves(8);
            var output = ShakeGate.Apply(a, b, training: true);
            output.sum().backward();
            return (output.detach(), a.grad!);
        }

        using var scope = NewDisposeScope();
        var first = Run();
        var second = Run();
        TensorAssert.Equal(first.Output, second.Output);
        TensorAssert.Equal(first.Grad, second.Grad);
    }

    [Fact]
    public void Block_in_eval_is_shortcut_plus_the_average_of_its_branches()
    {
        torch.manual_seed(6);
        using var scope = NewDisposeScope();
        using var block = new ShakeShakeBlock(4, 8, stride: 2, new ShiftConvDownsample(4, 8));
        block.to(float64);
        block.eval();
        var x = randn([2, 4, 8, 8], dtype: float64);
        var expected = block.Shortcut(x) + ((block.BranchA(x) * 0.5) + (block.BranchB(x) * 0.5));
        TensorAssert.Equal(expected, block.call(x));
        Assert.Equal([2L, 8L, 4L, 4L], expected.shape);
    }

    [Fact]
    public void Block_in_training_backpropagates_finite_gradients_to_every_parameter()
    {
        torch.manual_seed(7);
        using var scope = NewDisposeScope();
        // 16 channels: libtorch 2.10's fp32 convolution backward on this CPU computes wrong input gradients (NaN at
        // times) for 3x3 convolutions whose channels are not a multiple of 16 (docs/reliability.md, "Narrow convolutions").
        using var block = new ShakeShakeBlock(16, 16);
        block.train();
        var x = randn(3, 16, 6, 6).requires_grad_();
        block.call(x).square().mean().backward();
        Assert.True(x.grad!.isfinite().all().item<bool>());
        Assert.All(block.named_parameters(), p => Assert.True(p.parameter.grad is not null && p.parameter.grad.isfinite().all().item<bool>(), p.name));
    }

    [Fact]
    public void Parameter_count_equals_the_sum_of_layer_formulas()
    {
        // Block: two branches of two 3×3 convs (no bias) and two BNs; shortcuts as in the reference.
        static long Block(long cin, long cout) => 2 * ((9 * cin * cout) + (9 * cout * cout) + (4 * cout));
        static long ShiftConv(long cin, long cout) => (cout * (2 * cin / 2)) + cout + (2 * cout);
        const long classes = 10;
        var expected = (3 * 16 * 9)
            + Block(16, 96) + ((16 * 96) + (2 * 96)) + (3 * Block(96, 96))
            + Block(96, 192) + ShiftConv(96, 192) + (3 * Block(192, 192))
            + Block(192, 384) + ShiftConv(192, 384) + (3 * Block(384, 384))
            + (384 * classes) + classes;
        Assert.Equal(26_193_466, expected);
        Assert.Equal(expected, ModelSummary.ParameterCount(network.Model));
    }

    [Fact]
    public void State_dict_uses_the_reference_names()
    {
        var model = network.Model;
        var keys = model.state_dict().Keys.ToHashSet();
        foreach (var key in new[]
        {
            "conv1.weight", "layer1.0.conv_a1.weight", "layer1.0.bn_a1.running_mean", "layer1.0.conv_b2.weight",
            "layer1.0.downsample.0.weight", "layer1.0.downsample.1.weight", "layer1.3.bn_b2.num_batches_tracked",
            "layer2.0.downsample.conv.weight", "layer2.0.downsample.conv.bias", "layer2.0.downsample.bn.running_var",
            "layer3.0.downsample.conv.weight", "layer3.3.conv_a2.weight", "fc.weight", "fc.bias",
        })
        {
            Assert.Contains(key, keys);
        }

        Assert.DoesNotContain("layer1.1.downsample.0.weight", keys);
        Assert.False(model.RandomBackwardGateInEval);
        Assert.Equal([384L, 192L, 1L, 1L], model.state_dict()["layer3.0.downsample.conv.weight"].shape);
    }

    [Fact]
    public void Convolutions_start_he_normal_and_batch_norms_at_one_and_zero()
    {
        var state = network.Model.state_dict();
        // std √(2 / (k²·out)) for a 3×3 conv with 384 outputs: 0.0241; 1.3M samples pin it to < 1%.
        var std = state["layer3.3.conv_b2.weight"].std().item<float>();
        Assert.InRange(std, Math.Sqrt(2.0 / (9 * 384)) * 0.99, Math.Sqrt(2.0 / (9 * 384)) * 1.01);
        TensorAssert.Equal(ones(384), state["layer3.3.bn_b2.weight"]);
        TensorAssert.Equal(zeros(384), state["layer3.3.bn_b2.bias"]);
    }

    [Fact]
    public void Flop_count_on_32x32_equals_the_sum_of_layer_formulas()
    {
        // Multiply-adds: cin/groups · cout · k² · output pixels, per conv; two branches per block.
        static long Block(long cin, long cout, long pixels) => 2 * ((cin * cout * 9) + (cout * cout * 9)) * pixels;
        var macs = (3L * 16 * 9 * 1024)
            + Block(16, 96, 1024) + (16L * 96 * 1024) + (3 * Block(96, 96, 1024))
            + Block(96, 192, 256) + (96L * 192 * 256) + (3 * Block(192, 192, 256))
            + Block(192, 384, 64) + (192L * 384 * 64) + (3 * Block(384, 384, 64))
            + (384L * 10);
        Assert.Equal(2 * macs, FlopCounter.Count(network.Model, 1, 3, 32, 32));
    }

    [Fact]
    public void Output_and_feature_shapes_on_32x32()
    {
        using var scope = NewDisposeScope();
        var model = network.Model;
        model.eval();
        var x = randn(1, 3, 32, 32); // one image: the network costs 7.6 GFLOP per image
        var features = model.Features(x);
        Assert.Equal([1L, 384L], features.shape);
        var logits = model.forward(x);
        Assert.Equal([1L, 10L], logits.shape);
        TensorAssert.Equal(logits, model.Classify(features));
    }
}
