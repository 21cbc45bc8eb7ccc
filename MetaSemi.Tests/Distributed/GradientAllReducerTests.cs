using MetaSemi.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Distributed;

public class GradientAllReducerTests
{
    [Fact]
    public void One_step_makes_one_all_reduce_of_all_gradients_plus_one_flag_per_parameter()
    {
        using var model = DistributedScenarios.Mlp(5);
        var mirror = new MirrorCommunicator(2);
        using var reducer = new GradientAllReducer(model, mirror);
        nn.functional.cross_entropy(model.forward(torch.randn(4, 5, ScalarType.Float64)), torch.tensor(new long[] { 0, 1, 2, 0 })).backward();
        var before = model.parameters().Select(p => p.grad!.clone()).ToList();

        reducer.AllReduce();

        long total = model.parameters().Sum(p => p.numel());
        Assert.Equal(1, mirror.AllReduceCalls);
        Assert.Equal([total + 4], mirror.AllReduceElementCounts);
        Assert.Equal(total, reducer.ElementCount);
        // Both mirrored ranks hold the same gradient, so the average is that gradient again.
        foreach (var (p, g) in model.parameters().Zip(before))
        {
            Assert.True(p.grad!.allclose(g, rtol: 0, atol: 1e-15));
        }
    }

    [Fact]
    public void A_parameter_no_rank_gave_a_gradient_keeps_none_so_the_optimizer_still_skips_it()
    {
        using var used = nn.Linear(3, 2);
        using var unused = nn.Linear(3, 2);
        var mirror = new MirrorCommunicator(2);
        using var reducer = new GradientAllReducer(used.parameters().Concat(unused.parameters()), mirror);
        used.forward(torch.ones(1, 3)).sum().backward();

        reducer.AllReduce();

        Assert.NotNull(used.weight!.grad);
        Assert.Null(unused.weight!.grad);
        Assert.Null(unused.bias!.grad);
    }

    [Fact]
    public void In_a_group_of_one_it_leaves_gradients_untouched_and_calls_nothing()
    {
        using var model = nn.Linear(3, 2);
        model.forward(torch.ones(2, 3)).sum().backward();
        var before = model.weight!.grad!.clone();
        using var reducer = new GradientAllReducer(model, SingleProcessCommunicator.Instance);
        reducer.AllReduce();
        Assert.Equal(before.data<float>().ToArray(), model.weight!.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Parameters_of_different_dtypes_are_refused_with_a_message_naming_both()
    {
        using var a = nn.Linear(2, 2);
        using var b = nn.Linear(2, 2);
        b.to(ScalarType.Float64);
        var error = Assert.Throws<ArgumentException>(() => new GradientAllReducer(a.parameters().Concat(b.parameters()), new MirrorCommunicator(2)));
        Assert.Contains("Float64", error.Message, StringComparison.Ordinal);
        Assert.Contains("Float32", error.Message, StringComparison.Ordinal);
    }
}
