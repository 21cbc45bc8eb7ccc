using MetaSemi.Distributed;
using TorchSharp;
using static MetaSemi.Tests.Distributed.DistributedScenarios;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Distributed;

/// <summary>
/// Two ranks with batch b each, gradients averaged by <see cref="GradientAllReducer"/> and the
/// start broadcast by <see cref="ParameterBroadcaster"/>, must take the same SGD steps as one
/// process with the union batch 2b.
/// </summary>
[Collection(MpiCollection.Name)]
public class DataParallelTests
{
    [MpiFact]
    public void Two_ranks_with_batch_b_reach_the_parameters_of_one_process_with_batch_2b()
    {
        using var model = Mlp(1000);
        AssertRanksMatchReference("data-parallel", model, images: false);
    }

    [MpiFact]
    public void With_SyncBatchNorm2d_two_ranks_reach_the_parameters_and_statistics_of_BatchNorm2d_over_the_union_batch()
    {
        using var model = ConvNet(1000, c => nn.BatchNorm2d(c));
        AssertRanksMatchReference("data-parallel-syncbn", model, images: true);
    }

    private static void AssertRanksMatchReference(string scenario, nn.Module<Tensor, Tensor> reference, bool images)
    {
        // Reference: rank 0's initial model (seed 1000) trained on the union batches in one process.
        using var optimizer = Sgd(reference);
        reference.train();
        for (int step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            var (inputs, labels) = UnionBatch(step, ranks: 2, images);
            optimizer.zero_grad();
            nn.functional.cross_entropy(reference.forward(inputs), labels).backward();
            optimizer.step();
        }

        var expected = State(reference);
        using var outcome = MpiLauncher.RunMpi(scenario, ranks: 2);
        Assert.True(outcome.ExitCode == 0, outcome.Output);
        var rank0 = MpiLauncher.Result(outcome, scenario, 0);
        var rank1 = MpiLauncher.Result(outcome, scenario, 1);
        foreach (var (name, values) in expected)
        {
            var actual = rank0["state." + name];
            Assert.Equal(values.Length, actual.Length);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.True(Math.Abs(values[i] - actual[i]) <= 1e-10, $"{name}[{i}]: one process {values[i]:R}, rank 0 {actual[i]:R}");
            }

            // Both ranks apply the same averaged gradient to the same broadcast start: bit-identical.
            Assert.Equal(actual, rank1["state." + name]);
        }

        Assert.Equal(expected.Count, rank0.Keys.Count(k => k.StartsWith("state.", StringComparison.Ordinal)));
    }
}
