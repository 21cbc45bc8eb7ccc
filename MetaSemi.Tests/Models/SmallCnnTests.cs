using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>The CPU-sized network: shapes on both input sizes, parameter count, composition, training.</summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class SmallCnnTests
{
    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void Output_and_feature_shapes(int channels, int size)
    {
        using var scope = NewDisposeScope();
        using var model = new SmallCnn(numClasses: 10, inputChannels: channels);
        model.eval();
        var x = randn(5, channels, size, size);
        Assert.Equal([5L, 10L], model.forward(x).shape);
        Assert.Equal([5L, 128L], model.Features(x).shape);
        Assert.Equal(128, model.FeatureDimension);
    }

    [Fact]
    public void Parameter_count_equals_the_sum_of_layer_formulas()
    {
        // Conv3×3 without bias + BatchNorm (2·out) per block; Linear 4w·C + C.
        static long Block(long cin, long cout) => (cin * cout * 9) + (2 * cout);
        const long w = 32;
        const long classes = 10;
        var expected = Block(1, w) + Block(w, 2 * w) + Block(2 * w, 4 * w) + (4 * w * classes) + classes;
        Assert.Equal(94_186, expected);
        using var model = new SmallCnn(numClasses: 10, inputChannels: 1);
        Assert.Equal(expected, ModelSummary.ParameterCount(model));
    }

    [Fact]
    public void Classify_of_Features_equals_forward()
    {
        using var scope = NewDisposeScope();
        using var model = new SmallCnn(numClasses: 4, inputChannels: 3, width: 8);
        model.eval();
        var x = randn(3, 3, 32, 32);
        TensorAssert.Equal(model.forward(x), model.Classify(model.Features(x)));
    }

    [Fact]
    public void A_few_sgd_steps_on_one_batch_lower_the_training_loss()
    {
        torch.manual_seed(11);
        using var scope = NewDisposeScope();
        using var model = new SmallCnn(numClasses: 3, inputChannels: 1, width: 8, dropout: 0);
        var x = randn(12, 1, 28, 28);
        var y = randint(0, 3, 12);
        using var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        double Loss()
        {
            model.train();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }

        var first = Loss();
        for (var i = 0; i < 10; i++)
        {
            Loss();
        }

        Assert.True(Loss() < first * 0.5, "ten steps on one batch should at least halve the loss");
    }

    [Fact]
    public void Invalid_options_are_rejected_by_name()
    {
        Assert.Equal("numClasses", Assert.Throws<ArgumentOutOfRangeException>(() => new SmallCnn(0)).ParamName);
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => new SmallCnn(10, width: 0)).ParamName);
        Assert.Equal("dropout", Assert.Throws<ArgumentOutOfRangeException>(() => new SmallCnn(10, dropout: 1.0)).ParamName);
    }
}
