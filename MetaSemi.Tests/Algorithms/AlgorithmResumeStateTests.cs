using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Tests.Core;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>GetState/LoadState: an algorithm restored from another's state behaves exactly as the original from there on.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class AlgorithmResumeStateTests
{
    public static TheoryData<string> Stateful => ["flexmatch", "freematch", "softmatch"];

    private static ISemiSupervisedAlgorithm Create(string name) => name switch
    {
        "flexmatch" => new FlexMatch(new FlexMatchOptions { Threshold = 0.45 }),
        "freematch" => new FreeMatch(new FreeMatchOptions { ProbabilityEmaDecay = 0.7 }),
        _ => new SoftMatch(new SoftMatchOptions { ProbabilityEmaDecay = 0.7 }),
    };

    private static bool SameState(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && TensorAssert.Identical(kv.Value, other));

    [Theory]
    [MemberData(nameof(Stateful))]
    public void An_algorithm_loaded_from_a_saved_state_takes_the_next_steps_bit_identically(string name)
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        var original = Create(name);
        original.Initialize(AlgorithmTestKit.Setup(unlabeledCount: 12));
        for (int step = 1; step <= 3; step++)
        {
            using var batch = AlgorithmTestKit.Batch((ulong)(40 + step), firstIndex: step);
            original.Step(AlgorithmTestKit.Context(model, batch, step: step));
        }

        var saved = original.GetState();
        var restored = Create(name);
        restored.Initialize(AlgorithmTestKit.Setup(unlabeledCount: 12));
        Assert.False(SameState(saved, restored.GetState()), "degenerate check: three steps left the state as initialised");
        restored.LoadState(saved);
        Assert.True(SameState(saved, restored.GetState()));

        for (int step = 4; step <= 5; step++)
        {
            using var batch = AlgorithmTestKit.Batch((ulong)(40 + step), firstIndex: step);
            var a = original.Step(AlgorithmTestKit.Context(model, batch, step: step));
            var b = restored.Step(AlgorithmTestKit.Context(model, batch, step: step));
            Assert.True(TensorAssert.Identical(a.Loss, b.Loss), $"step {step}: losses differ");
            Assert.All(a.Metrics, kv => Assert.True(TensorAssert.Identical(kv.Value, b.Metrics[kv.Key]), $"step {step}: {kv.Key} differs"));
        }

        Assert.True(SameState(original.GetState(), restored.GetState()));
    }

    [Theory]
    [MemberData(nameof(Stateful))]
    public void Get_state_returns_copies_that_later_steps_do_not_change(string name)
    {
        using var scope = NewDisposeScope();
        var model = AlgorithmTestKit.Model();
        var algorithm = Create(name);
        algorithm.Initialize(AlgorithmTestKit.Setup(unlabeledCount: 12));
        var before = algorithm.GetState();
        var copy = before.ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var batch = AlgorithmTestKit.Batch(50);
        algorithm.Step(AlgorithmTestKit.Context(model, batch));

        Assert.True(SameState(before, copy));
        Assert.False(SameState(before, algorithm.GetState()));
    }

    [Fact]
    public void Loading_a_state_for_another_pool_size_or_without_a_tensor_names_the_tensor()
    {
        using var scope = NewDisposeScope();
        var small = new FlexMatch(new FlexMatchOptions());
        small.Initialize(AlgorithmTestKit.Setup(unlabeledCount: 5));
        var large = new FlexMatch(new FlexMatchOptions());
        large.Initialize(AlgorithmTestKit.Setup(unlabeledCount: 6));

        var shape = Assert.Throws<InvalidDataException>(() => large.LoadState(small.GetState()));
        Assert.Contains("selected_label", shape.Message);
        var missing = Assert.Throws<InvalidDataException>(() => large.LoadState(new Dictionary<string, Tensor>()));
        Assert.Contains("selected_label", missing.Message);
        var softMatch = new SoftMatch(new SoftMatchOptions());
        softMatch.Initialize(AlgorithmTestKit.Setup());
        Assert.Contains("prob_max_mu_t", Assert.Throws<InvalidDataException>(() => softMatch.LoadState(new Dictionary<string, Tensor>())).Message);
    }

    [Fact]
    public void FlexMatch_without_the_size_of_the_unlabelled_pool_or_without_indices_says_what_it_needs()
    {
        using var scope = NewDisposeScope();
        var algorithm = new FlexMatch(new FlexMatchOptions());
        Assert.Contains("unlabelled pool", Assert.Throws<ArgumentException>(() => algorithm.Initialize(AlgorithmTestKit.Setup(unlabeledCount: 0))).Message);
        algorithm.Initialize(AlgorithmTestKit.Setup(unlabeledCount: 6));
        using var batch = AlgorithmTestKit.Batch(51);
        using var withoutIndices = new PairedBatch(
            new Batch(batch.Labeled.Images.clone(), batch.Labeled.Labels!.clone()),
            new Batch(batch.Unlabeled.Images.clone(), null, new Dictionary<string, Tensor> { [ViewNames.Strong] = batch.Unlabeled.View(ViewNames.Strong).clone() }));
        Assert.Contains("indices", Assert.Throws<InvalidOperationException>(() => _ = algorithm.Step(AlgorithmTestKit.Context(AlgorithmTestKit.Model(), withoutIndices))).Message);
        using var outOfRange = AlgorithmTestKit.Batch(52, firstIndex: 3);
        Assert.Contains("from 3 to 8; expected 0 to 5", Assert.Throws<InvalidOperationException>(() => _ = algorithm.Step(AlgorithmTestKit.Context(AlgorithmTestKit.Model(), outOfRange))).Message);
    }
}
