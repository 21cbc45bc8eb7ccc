using MetaSemi.Distributed;
using TorchSharp;
using static MetaSemi.Tests.Distributed.DistributedScenarios;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Distributed;

[Collection(MpiCollection.Name)]
public class SyncBatchNorm2dTests
{
    private const double Tolerance = 1e-10;

    [MpiFact]
    public void On_two_ranks_with_unequal_batches_output_gradients_and_running_stats_equal_BatchNorm2d_over_the_union()
    {
        // Reference: plain BatchNorm2d on the union batch; the loss is a sum, so it is the sum of the ranks' losses.
        using var norm = nn.BatchNorm2d(3, dtype: ScalarType.Float64);
        SetAffine(norm);
        norm.train();
        var (union, lossWeights) = SyncBatchUnion(0);
        var x = union.detach().clone().requires_grad_(true);
        var output = norm.forward(x);
        (output * lossWeights).sum().backward();
        norm.forward(SyncBatchUnion(1).Inputs);
        norm.eval();
        var evalOutput = norm.forward(SyncBatchUnion(2).Inputs);

        using var outcome = MpiLauncher.RunMpi("syncbn", ranks: 2);
        Assert.True(outcome.ExitCode == 0, outcome.Output);
        var weightGradient = new double[3];
        var biasGradient = new double[3];
        for (int rank = 0; rank < 2; rank++)
        {
            var result = MpiLauncher.Result(outcome, "syncbn", rank);
            int start = SyncBatchStart(rank), size = SyncBatchSizes[rank];
            AssertClose(output.narrow(0, start, size), result["output"], $"rank {rank} output");
            AssertClose(x.grad!.narrow(0, start, size), result["input_grad"], $"rank {rank} input gradient");
            AssertClose(norm.running_mean!, result["running_mean"], $"rank {rank} running_mean");
            AssertClose(norm.running_var!, result["running_var"], $"rank {rank} running_var");
            AssertClose(norm.num_batches_tracked!, result["num_batches_tracked"], $"rank {rank} num_batches_tracked");
            AssertClose(evalOutput.narrow(0, start, size), result["eval_output"], $"rank {rank} eval output");
            for (int c = 0; c < 3; c++)
            {
                weightGradient[c] += result["weight_grad"][c];
                biasGradient[c] += result["bias_grad"][c];
            }
        }

        // Each rank's weight gradient is that of its own loss; their sum is the union loss's.
        AssertClose(norm.weight!.grad!, weightGradient, "summed weight gradient");
        AssertClose(norm.bias!.grad!, biasGradient, "summed bias gradient");
    }

    [Fact]
    public void The_synchronised_path_equals_BatchNorm2d_over_every_ranks_copy_of_the_batch()
    {
        // With a mirror group of 3, the union batch is three copies of the local one: the same
        // forward statistics, and the backward all-reduce must add the two mirrors' gradients.
        var mirror = new MirrorCommunicator(3);
        using var sync = new SyncBatchNorm2d(3, mirror, momentum: 0.3, dtype: ScalarType.Float64);
        using var plain = nn.BatchNorm2d(3, momentum: 0.3, dtype: ScalarType.Float64);
        SetAffine(sync);
        SetAffine(plain);
        var (inputs, lossWeights) = SyncBatchUnion(0);
        var local = inputs.narrow(0, 0, 3).detach().clone().requires_grad_(true);
        var localWeights = lossWeights.narrow(0, 0, 3);
        var copies = torch.cat([local, local, local], 0).detach().requires_grad_(true);

        var syncOutput = sync.forward(local);
        (syncOutput * localWeights).sum().backward();
        var plainOutput = plain.forward(copies);
        (plainOutput * torch.cat([localWeights, localWeights, localWeights], 0)).sum().backward();

        Assert.Equal(2, mirror.AllReduceCalls);
        AssertClose(plainOutput.narrow(0, 0, 3), Flat(syncOutput), "output");
        AssertClose(copies.grad!.narrow(0, 0, 3), Flat(local.grad!), "input gradient");
        AssertClose(plain.weight!.grad!, Flat(sync.weight!.grad! * 3), "weight gradient of the three ranks");
        AssertClose(plain.running_mean!, Flat(sync.running_mean!), "running_mean");
        AssertClose(plain.running_var!, Flat(sync.running_var!), "running_var");
        Assert.Equal(1L, sync.num_batches_tracked!.to(ScalarType.Int64).item<long>());
    }

    [Fact]
    public void In_a_group_of_one_it_is_BatchNorm2d_exactly_in_train_and_eval_mode()
    {
        using var sync = new SyncBatchNorm2d(3, SingleProcessCommunicator.Instance, dtype: ScalarType.Float64);
        using var plain = nn.BatchNorm2d(3, dtype: ScalarType.Float64);
        SetAffine(sync);
        SetAffine(plain);
        for (int step = 0; step < 2; step++)
        {
            var x = SyncBatchUnion(step).Inputs;
            Assert.Equal(Flat(plain.forward(x)), Flat(sync.forward(x)));
        }

        sync.eval();
        plain.eval();
        var test = SyncBatchUnion(2).Inputs;
        Assert.Equal(Flat(plain.forward(test)), Flat(sync.forward(test)));
        Assert.Equal(Flat(plain.running_var!), Flat(sync.running_var!));
    }

    [Fact]
    public void Its_state_dict_has_BatchNorm2d_names_so_checkpoints_load_either_way()
    {
        using var plain = nn.BatchNorm2d(4);
        using var sync = new SyncBatchNorm2d(4, SingleProcessCommunicator.Instance);
        Assert.Equal(plain.state_dict().Keys.Order(), sync.state_dict().Keys.Order());
        Assert.Equal(["bias", "num_batches_tracked", "running_mean", "running_var", "weight"], sync.state_dict().Keys.Order());

        plain.train();
        plain.forward(torch.randn(5, 4, 2, 2));
        sync.load_state_dict(plain.state_dict());
        Assert.Equal(Flat(plain.running_mean!), Flat(sync.running_mean!));
    }

    [Fact]
    public void FromBatchNorm_copies_configuration_parameters_buffers_and_mode()
    {
        using var plain = nn.BatchNorm2d(3, eps: 1e-3, momentum: 0.2, dtype: ScalarType.Float64);
        SetAffine(plain);
        plain.forward(SyncBatchUnion(0).Inputs);
        plain.eval();
        using var sync = SyncBatchNorm2d.FromBatchNorm(plain, SingleProcessCommunicator.Instance);
        Assert.Equal(1e-3, sync.eps);
        Assert.Equal(0.2, sync.momentum);
        Assert.False(sync.training);
        Assert.Equal(Flat(plain.running_mean!), Flat(sync.running_mean!));
        Assert.Equal(Flat(plain.weight!), Flat(sync.weight!));
        var test = SyncBatchUnion(1).Inputs;
        Assert.Equal(Flat(plain.forward(test)), Flat(sync.forward(test)));
    }

    private static double[] Flat(Tensor tensor) => tensor.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();

    private static void AssertClose(Tensor expected, double[] actual, string what)
    {
        var values = Flat(expected);
        Assert.True(values.Length == actual.Length, $"{what}: {values.Length} expected values, {actual.Length} actual");
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - actual[i]) <= Tolerance, $"{what}[{i}]: expected {values[i]:R}, got {actual[i]:R}");
        }
    }
}
