using System.Reflection;
using MetaSemi.Models;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>
/// Files written by real PyTorch (Fixtures/make_pytorch_fixtures.py) load into the .NET model and
/// give PyTorch's outputs: a plain state_dict and the reference's checkpoint layout with optimizer state.
/// </summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class ModelWeightsPyTorchFixtureTests
{
    private static readonly string Folder = Path.Combine(
        typeof(ModelWeightsPyTorchFixtureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!,
        "MetaSemi.Tests", "Models", "Fixtures");

    private static string Fixture(string name) => Path.Combine(Folder, name);

    private static SmallCnn Model() => new(numClasses: 3, inputChannels: 3, width: 4);

    [Theory]
    [InlineData("pytorch_small_cnn.pth", null)]
    [InlineData("pytorch_small_cnn_checkpoint.pth", "model")]
    public void Weights_saved_by_pytorch_reproduce_pytorch_outputs(string file, string? key)
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        ModelWeights.Load(model, Fixture(file), key: key);
        model.eval();
        var io = ModelWeights.Read(Fixture("pytorch_small_cnn_io.pth"));
        var y = model.call(io["x"]);
        Assert.True(TensorAssert.MaxAbsDiff(io["y"], y) < 1e-5, $"max |Δ| = {TensorAssert.MaxAbsDiff(io["y"], y)}");
    }

    [Fact]
    public void Pytorch_state_dict_has_exactly_the_dotnet_keys_including_num_batches_tracked()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var read = ModelWeights.Read(Fixture("pytorch_small_cnn.pth"));
        Assert.Equal(model.state_dict().Keys.Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ScalarType.Int64, read["block1.1.num_batches_tracked"].dtype);
        Assert.Equal(3L, read["block1.1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Checkpoint_without_a_key_names_its_entries()
    {
        using var model = Model();
        var error = Assert.Throws<ArgumentException>(() => ModelWeights.Load(model, Fixture("pytorch_small_cnn_checkpoint.pth")));
        Assert.Contains("'best_acc', 'model', 'optimizer', 'step'", error.Message, StringComparison.Ordinal);
    }
}
