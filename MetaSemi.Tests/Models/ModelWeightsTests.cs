using System.Collections;
using MetaSemi.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>Weight interchange: PyTorch, safetensors and TorchSharp formats; strict, all-or-nothing loading.</summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class ModelWeightsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("metasemi-weights-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathFor(string name) => Path.Combine(_folder, name);

    // A trained-looking model: random weights and non-default BatchNorm statistics.
    private static SmallCnn TrainedModel(long seed)
    {
        torch.manual_seed(seed);
        var model = new SmallCnn(numClasses: 5, inputChannels: 3, width: 4);
        model.train();
        using (no_grad())
        {
            model.call(randn(8, 3, 16, 16) * 3 + 1);
        }

        return model;
    }

    [Theory]
    [InlineData("weights.pt")]
    [InlineData("weights.pth")]
    [InlineData("weights.safetensors")]
    [InlineData("weights.bin")]
    public void Round_trip_gives_identical_weights_and_outputs(string file)
    {
        using var scope = NewDisposeScope();
        using var source = TrainedModel(seed: 1);
        using var fresh = TrainedModel(seed: 2);
        var path = PathFor(file);
        ModelWeights.Save(source, path);
        ModelWeights.Load(fresh, path);

        var expected = source.state_dict();
        var actual = fresh.state_dict();
        Assert.All(expected.Keys, k => TensorAssert.Equal(expected[k], actual[k], k));
        source.eval();
        fresh.eval();
        var x = randn(3, 3, 16, 16);
        TensorAssert.Equal(source.call(x), fresh.call(x));
    }

    [Theory]
    [InlineData("overwrite.pt")]
    [InlineData("overwrite.safetensors")]
    [InlineData("overwrite.bin")]
    public void Saving_over_a_larger_file_leaves_a_readable_file(string file)
    {
        using var scope = NewDisposeScope();
        var path = PathFor(file);
        using (var large = new SmallCnn(numClasses: 5, inputChannels: 3, width: 16))
        {
            ModelWeights.Save(large, path);
        }

        var sizeBefore = new FileInfo(path).Length;
        using var small = TrainedModel(seed: 10);
        ModelWeights.Save(small, path);
        Assert.True(new FileInfo(path).Length < sizeBefore);
        using var fresh = TrainedModel(seed: 11);
        ModelWeights.Load(fresh, path);
        TensorAssert.Equal(small.state_dict()["classifier.0.weight"], fresh.state_dict()["classifier.0.weight"]);
    }

    [Fact]
    public void PyTorch_file_is_a_zip_archive_with_a_pickled_state_dict()
    {
        using var scope = NewDisposeScope();
        using var model = TrainedModel(seed: 3);
        var path = PathFor("model.pth");
        ModelWeights.Save(model, path);
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal));
        var read = ModelWeights.Read(path);
        Assert.Equal(model.state_dict().Keys.Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Mismatch_lists_every_missing_unexpected_and_misshaped_key_and_loads_nothing()
    {
        using var scope = NewDisposeScope();
        using var target = TrainedModel(seed: 4);
        var before = target.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());

        // A file from a different model: one key renamed, one dropped, one extra, one wrong shape.
        var state = TrainedModel(seed: 5).state_dict().ToDictionary(e => e.Key, e => e.Value);
        state["renamed.weight"] = state["block1.0.weight"];
        state.Remove("block1.0.weight");
        state.Remove("block2.1.running_var");
        state["classifier.0.weight"] = zeros(7, 16);
        var path = PathFor("bad.safetensors");
        Safetensors.SaveStateDict(path, state);

        var error = Assert.Throws<StateDictMismatchException>(() => ModelWeights.Load(target, path));
        Assert.Equal(["block1.0.weight", "block2.1.running_var"], error.MissingKeys.Order(StringComparer.Ordinal));
        Assert.Equal(["renamed.weight"], error.UnexpectedKeys);
        var misshaped = Assert.Single(error.MisshapedKeys);
        Assert.Equal("classifier.0.weight", misshaped.Key);
        Assert.Equal([5L, 16L], misshaped.Expected);
        Assert.Equal([7L, 16L], misshaped.Found);
        foreach (var name in new[] { "block1.0.weight", "block2.1.running_var", "renamed.weight", "classifier.0.weight (model [5, 16], file [7, 16])", path })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }

        // Nothing was loaded, not even the keys that did match.
        var after = target.state_dict();
        Assert.All(before.Keys, k => TensorAssert.Equal(before[k], after[k], k));
    }

    [Fact]
    public void Checkpoint_dictionary_loads_by_naming_the_key_and_explains_itself_without_it()
    {
        using var scope = NewDisposeScope();
        using var source = TrainedModel(seed: 6);
        using var fresh = TrainedModel(seed: 7);
        var weights = new Hashtable();
        foreach (var (name, tensor) in source.state_dict())
        {
            weights[name] = tensor;
        }

        // The reference's checkpoint layout: {'step', 'model', 'best_acc', 'optimizer'}.
        var checkpoint = new Hashtable { ["step"] = 400, ["model"] = weights, ["best_acc"] = 92.5, ["optimizer"] = new Hashtable() };
        var path = PathFor("checkpoint.pth");
        PyTorchPickler.PickleStateDict(path, checkpoint);

        var error = Assert.Throws<ArgumentException>(() => ModelWeights.Load(fresh, path));
        Assert.Contains("'step'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'model'", error.Message, StringComparison.Ordinal);

        var wrongKey = Assert.Throws<ArgumentException>(() => ModelWeights.Load(fresh, path, key: "state_dict"));
        Assert.Contains("'best_acc'", wrongKey.Message, StringComparison.Ordinal);

        ModelWeights.Load(fresh, path, key: "model");
        var expected = source.state_dict();
        var actual = fresh.state_dict();
        Assert.All(expected.Keys, k => TensorAssert.Equal(expected[k], actual[k], k));
    }

    [Fact]
    public void DataParallel_prefix_can_be_stripped()
    {
        using var scope = NewDisposeScope();
        using var source = TrainedModel(seed: 8);
        using var fresh = TrainedModel(seed: 9);
        var path = PathFor("ddp.safetensors");
        Safetensors.SaveStateDict(path, source.state_dict().ToDictionary(e => "module." + e.Key, e => e.Value));
        Assert.Throws<StateDictMismatchException>(() => ModelWeights.Load(fresh, path));
        ModelWeights.Load(fresh, path, stripPrefix: "module.");
        TensorAssert.Equal(source.state_dict()["block3.0.weight"], fresh.state_dict()["block3.0.weight"]);
    }

    [Fact]
    public void Unknown_extension_and_missing_file_are_reported_by_path()
    {
        using var model = new SmallCnn(numClasses: 2, width: 2);
        var unknown = Assert.Throws<ArgumentException>(() => ModelWeights.Save(model, PathFor("weights.onnx")));
        Assert.Contains("weights.onnx", unknown.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<FileNotFoundException>(() => ModelWeights.Load(model, PathFor("absent.pt")));
        Assert.Contains("absent.pt", missing.Message, StringComparison.Ordinal);
    }
}
