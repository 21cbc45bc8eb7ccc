using MetaSemi.Distributed;
using TorchSharp;

namespace MetaSemi.Tests.Distributed;

public class SingleProcessCommunicatorTests
{
    [Fact]
    public void It_is_rank_0_of_1_and_its_collectives_are_identities()
    {
        var single = SingleProcessCommunicator.Instance;
        using var values = torch.tensor(new[] { 1.5, -2.0 });
        single.AllReduceSum(values);
        single.AllReduceAverage(values);
        single.Broadcast(values, root: 0);
        single.Barrier();
        Assert.Equal((0, 1), (single.Rank, single.Size));
        Assert.Equal([1.5, -2.0], values.data<double>().ToArray());
        Assert.Equal([4.25], single.AllGather(4.25));
    }

    [Fact]
    public void It_refuses_what_a_real_group_would_refuse()
    {
        var single = SingleProcessCommunicator.Instance;
        using var values = torch.ones(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => single.Broadcast(values, root: 1));
        using var integers = torch.ones(2, torch.ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() => single.AllReduceAverage(integers));
        Assert.Contains("Int64", error.Message, StringComparison.Ordinal);
    }
}
