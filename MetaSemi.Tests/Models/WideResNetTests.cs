using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>WRN-28-2 (FixMatch/USB layout): parameter count, names, shapes, block semantics.</summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class WideResNetTests
{
    [Fact]
    public void Parameter_count_equals_the_sum_of_layer_formulas()
    {
        // Block: BN(in) + Conv3×3(in→out) + BN(out) + Conv3×3(out→out) [+ 1×1 shortcut when in ≠ out].
        static long Block(long cin, long cout) => (2 * cin) + (9 * cin * cout) + (2 * cout) + (9 * cout * cout) + (cin == cout ? 0 : cin * cout);
        static long Stage(long cin, long cout) => Block(cin, cout) + (3 * Block(cout, cout));
        const long classes = 10;
        var expected = (3 * 16 * 9) + Stage(16, 32) + Stage(32, 64) + Stage(64, 128) + (2 * 128) + (128 * classes) + classes;
        Assert.Equal(1_467_610, expected);
        using var model = ModelZoo.WideResNet28_2(numClasses: 10);
        Assert.Equal(expected, ModelSummary.ParameterCount(model));
    }

    [Fact]
    public void State_dict_uses_the_fixmatch_names()
    {
        using var model = ModelZoo.WideResNet28_2(numClasses: 10);
        var keys = model.state_dict().Keys.ToHashSet();
        foreach (var key in new[]
        {
            "conv1.weight", "block1.layer.0.bn1.weight", "block1.layer.0.conv1.weight", "block1.layer.0.convShortcut.weight",
            "block2.layer.3.bn2.running_var", "block3.layer.0.convShortcut.weight", "bn1.running_mean", "fc.weight", "fc.bias",
        })
        {
            Assert.Contains(key, keys);
        }

        Assert.DoesNotContain("block1.layer.1.convShortcut.weight", keys);
        // 28 convs (1 stem + 12 blocks × 2 + 3 shortcuts), 25 BNs (12 × 2 + final) × weight and bias, fc weight and bias.
        Assert.Equal(28 + (25 * 2) + 2, keys.Count(k => k.EndsWith(".weight", StringComparison.Ordinal) || k.EndsWith(".bias", StringComparison.Ordinal)));
    }

    [Fact]
    public void Output_and_feature_shapes_on_32x32()
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.WideResNet28_2(numClasses: 10);
        model.eval();
        var x = randn(2, 3, 32, 32);
        var features = model.Features(x);
        Assert.Equal([2L, 128L], features.shape);
        var logits = model.forward(x);
        Assert.Equal([2L, 10L], logits.shape);
        TensorAssert.Equal(logits, model.Classify(features));
    }

    [Fact]
    public void Width_changing_block_feeds_its_raw_input_to_conv1_unless_activating_before_the_residual()
    {
        // FixMatch's quirk: the first block of stages 2 and 3 leaves bn1 out of its output.
        static bool OutputDependsOnBn1(bool activateBeforeResidual)
        {
            using var scope = NewDisposeScope();
            torch.manual_seed(2);
            using var block = new WideResNetBlock(4, 8, stride: 2, activateBeforeResidual: activateBeforeResidual);
            block.eval();
            var x = randn(2, 4, 8, 8);
            var before = block.call(x);
            using (no_grad())
            {
                block.named_parameters().First(p => p.name == "bn1.bias").parameter.add_(1.0);
            }

            return !TensorAssert.Same(before, block.call(x));
        }

        Assert.False(OutputDependsOnBn1(activateBeforeResidual: false));
        Assert.True(OutputDependsOnBn1(activateBeforeResidual: true));
    }

    [Fact]
    public void Classifier_starts_xavier_normal_with_zero_bias_and_batch_norm_momentum_is_fixmatch()
    {
        using var model = ModelZoo.WideResNet28_2(numClasses: 10);
        var state = model.state_dict();
        TensorAssert.Equal(zeros(10), state["fc.bias"]);
        Assert.Equal(0.001, model.modules().OfType<TorchSharp.Modules.BatchNorm2d>().First().momentum);
    }

    [Fact]
    public void Flop_count_on_32x32_equals_the_sum_of_layer_formulas()
    {
        // Per stage: first block (3×3 in→out at stride s, 3×3 out→out, 1×1 shortcut) + 3 blocks of two 3×3 out→out.
        static long Stage(long cin, long cout, long pixels) =>
            ((9 * cin * cout) + (9 * cout * cout) + (cin * cout) + (3 * 2 * 9 * cout * cout)) * pixels;
        var macs = (3L * 16 * 9 * 1024) + Stage(16, 32, 1024) + Stage(32, 64, 256) + Stage(64, 128, 64) + (128L * 10);
        using var model = ModelZoo.WideResNet28_2(numClasses: 10);
        Assert.Equal(2 * macs, FlopCounter.Count(model, 1, 3, 32, 32));
    }

    [Fact]
    public void Impossible_depth_is_rejected_by_name()
    {
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => new WideResNet(10, depth: 27)).ParamName);
    }
}
