using MetaSemi.Models;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>Factories by name for the command line.</summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class ModelZooTests
{
    [Fact]
    public void Every_architecture_name_builds_a_model_with_the_requested_classes()
    {
        foreach (var arch in ModelZoo.Architectures)
        {
            using var model = ModelZoo.Create(arch, numClasses: 7, inputChannels: 3);
            Assert.Equal(7, model.NumClasses);
        }
    }

    [Fact]
    public void Names_are_case_insensitive()
    {
        using var model = ModelZoo.Create("ConvLarge", numClasses: 10);
        Assert.IsType<ConvLarge>(model);
    }

    [Fact]
    public void Unknown_name_throws_listing_the_known_names()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelZoo.Create("vgg16", 10));
        Assert.Equal("arch", error.ParamName);
        Assert.Contains("'vgg16'", error.Message, StringComparison.Ordinal);
        Assert.All(ModelZoo.Architectures, name => Assert.Contains(name, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Small_cnn_by_name_takes_grey_images()
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.Create("small-cnn", numClasses: 10, inputChannels: 1);
        model.eval();
        Assert.Equal([2L, 10L], model.call(randn(2, 1, 28, 28)).shape);
    }
}
