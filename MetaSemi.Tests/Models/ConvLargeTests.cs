using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>ConvLarge (docs/design.md §4): shapes, parameter count, PyTorch state-dict names, composition.</summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class ConvLargeTests
{
    // The reference's state_dict() keys in PyTorch's order (per sub-module, parameters then buffers).
    private static readonly string[] ExpectedKeys =
    [
        "block1.0.weight", "block1.1.weight", "block1.1.bias", "block1.1.running_mean", "block1.1.running_var", "block1.1.num_batches_tracked",
        "block2.0.weight", "block2.1.weight", "block2.1.bias", "block2.1.running_mean", "block2.1.running_var", "block2.1.num_batches_tracked",
        "block3.0.weight", "block3.1.weight", "block3.1.bias", "block3.1.running_mean", "block3.1.running_var", "block3.1.num_batches_tracked",
        "block4.0.weight", "block4.1.weight", "block4.1.bias", "block4.1.running_mean", "block4.1.running_var", "block4.1.num_batches_tracked",
        "block5.0.weight", "block5.1.weight", "block5.1.bias", "block5.1.running_mean", "block5.1.running_var", "block5.1.num_batches_tracked",
        "block6.0.weight", "block6.1.weight", "block6.1.bias", "block6.1.running_mean", "block6.1.running_var", "block6.1.num_batches_tracked",
        "block7.0.weight", "block7.1.weight", "block7.1.bias", "block7.1.running_mean", "block7.1.running_var", "block7.1.num_batches_tracked",
        "block8.0.weight", "block8.1.weight", "block8.1.bias", "block8.1.running_mean", "block8.1.running_var", "block8.1.num_batches_tracked",
        "block9.0.weight", "block9.1.weight", "block9.1.bias", "block9.1.running_mean", "block9.1.running_var", "block9.1.num_batches_tracked",
        "classifier.0.weight", "classifier.0.bias",
    ];

    [Fact]
    public void State_dict_keys_equal_the_reference_pytorch_keys()
    {
        // TorchSharp lists all parameters before all buffers; names, not order, decide loading.
        using var model = new ConvLarge(numClasses: 10);
        Assert.Equal(ExpectedKeys.Order(StringComparer.Ordinal), model.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parameters_come_in_the_reference_order_so_optimizer_state_lines_up()
    {
        using var model = new ConvLarge(numClasses: 10);
        var expected = ExpectedKeys.Where(k => !k.Contains(".running_", StringComparison.Ordinal) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal));
        Assert.Equal(expected, model.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void Top_batch_norm_adds_classifier_1_keys()
    {
        using var model = new ConvLarge(numClasses: 10, topBatchNorm: true);
        var keys = model.state_dict().Keys.Order(StringComparer.Ordinal);
        Assert.Equal(
            ExpectedKeys.Concat(["classifier.1.weight", "classifier.1.bias", "classifier.1.running_mean", "classifier.1.running_var", "classifier.1.num_batches_tracked"]).Order(StringComparer.Ordinal),
            keys);
    }

    [Fact]
    public void Parameter_count_equals_the_sum_of_layer_formulas()
    {
        // Conv k×k without bias: in·out·k²; BatchNorm: 2·out; Linear: 128·C + C.
        static long Block(long cin, long cout, long k) => (cin * cout * k * k) + (2 * cout);
        const long classes = 10;
        var expected = Block(3, 128, 3) + Block(128, 128, 3) + Block(128, 128, 3)
            + Block(128, 256, 3) + Block(256, 256, 3) + Block(256, 256, 3)
            + Block(256, 512, 3) + Block(512, 256, 1) + Block(256, 128, 1)
            + (128 * classes) + classes;
        Assert.Equal(3_121_802, expected);

        using var model = new ConvLarge(numClasses: 10);
        Assert.Equal(expected, ModelSummary.ParameterCount(model));
    }

    [Theory]
    [InlineData(3, 32)]
    [InlineData(1, 28)]
    public void Output_and_feature_shapes(int channels, int size)
    {
        using var scope = NewDisposeScope();
        using var model = new ConvLarge(numClasses: 7, inputChannels: channels);
        model.eval();
        var x = randn(2, channels, size, size);
        Assert.Equal([2L, 7L], model.forward(x).shape);
        Assert.Equal([2L, 128L], model.Features(x).shape);
        Assert.Equal(128, model.FeatureDimension);
        Assert.Equal(7, model.NumClasses);
    }

    [Fact]
    public void Classify_of_Features_equals_forward()
    {
        using var scope = NewDisposeScope();
        using var model = new ConvLarge(numClasses: 10, topBatchNorm: true);
        model.eval();
        var x = randn(3, 3, 32, 32);
        var direct = model.forward(x);
        var composed = model.Classify(model.Features(x));
        TensorAssert.Equal(direct, composed);
    }

    [Fact]
    public void Stochastic_model_drops_channels_in_training_and_is_deterministic_in_eval()
    {
        using var scope = NewDisposeScope();
        using var model = new ConvLarge(numClasses: 10);
        var x = randn(2, 3, 32, 32);
        model.eval();
        TensorAssert.Equal(model.forward(x), model.forward(x));
        model.train();
        Assert.False(TensorAssert.Same(model.forward(x), model.forward(x)));

        using var plain = new ConvLarge(numClasses: 10, stochastic: false);
        Assert.DoesNotContain(plain.named_modules(), m => m.module is TorchSharp.Modules.Dropout2d);
        Assert.Contains(model.named_modules(), m => m.module is TorchSharp.Modules.Dropout2d);
    }

    [Fact]
    public void Same_seed_gives_same_initial_weights_and_another_seed_differs()
    {
        torch.manual_seed(1234);
        using var a = new ConvLarge(numClasses: 10);
        torch.manual_seed(1234);
        using var b = new ConvLarge(numClasses: 10);
        torch.manual_seed(4321);
        using var c = new ConvLarge(numClasses: 10);
        var pa = a.state_dict();
        var pb = b.state_dict();
        var pc = c.state_dict();
        Assert.All(pa.Keys, k => TensorAssert.Equal(pa[k], pb[k], k));
        Assert.False(TensorAssert.Same(pa["block1.0.weight"], pc["block1.0.weight"]));
    }
}
