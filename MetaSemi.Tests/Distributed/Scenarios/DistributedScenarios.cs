using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Distributed;

/// <summary>
/// Inputs and models shared by the MpiProbe ranks and the tests' single-process references, so that
/// both sides build exactly the same tensors. Compiled into both the tests and MetaSemi.Tests.MpiProbe.
/// </summary>
public static class DistributedScenarios
{
    /// <summary>Rank <paramref name="rank"/>'s floating input to the all-reduce checks.</summary>
    public static double[] ReduceInput(int rank) => [1.5 * (rank + 1), -2.25 * rank, 1e6 + rank, 0.125, 3.0 - rank];

    /// <summary>Rank <paramref name="rank"/>'s 64-bit integer input: beyond 32 bits, so a wrong datatype shows.</summary>
    public static long[] LongInput(int rank) => [(1L << 40) + rank, -rank, 7];

    /// <summary>Rank <paramref name="rank"/>'s 3×4 input, reduced through its (non-contiguous) transpose.</summary>
    public static double[] MatrixInput(int rank) => [.. Enumerable.Range(0, 12).Select(i => i * 0.5 + 100 * rank)];

    /// <summary>Rank <paramref name="rank"/>'s values before a broadcast.</summary>
    public static double[] BroadcastInput(int rank) => [.. Enumerable.Range(0, 6).Select(i => 10.0 * rank + i)];

    /// <summary>Rank <paramref name="rank"/>'s all-gather value.</summary>
    public static double GatherInput(int rank) => 0.5 + 2.5 * rank;

    /// <summary>Samples per rank in the data-parallel scenarios.</summary>
    public const int BatchPerRank = 4;

    /// <summary>Optimizer steps in the data-parallel scenarios (two, so momentum matters).</summary>
    public const int Steps = 2;

    /// <summary>A small float64 MLP, initialised from <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> Mlp(long seed)
    {
        torch.manual_seed(seed);
        var model = nn.Sequential(("fc1", nn.Linear(5, 7)), ("act", nn.Tanh()), ("fc2", nn.Linear(7, 3)));
        model.to(ScalarType.Float64);
        return model;
    }

    /// <summary>A small float64 conv net with a normalisation layer made by <paramref name="norm"/>, initialised from <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> ConvNet(long seed, Func<long, nn.Module<Tensor, Tensor>> norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        torch.manual_seed(seed);
        var model = nn.Sequential(
            ("conv", nn.Conv2d(2, 3, 3, padding: 1, bias: false)),
            ("bn", norm(3)),
            ("act", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(3, 3)));
        model.to(ScalarType.Float64);
        return model;
    }

    /// <summary>The union batch of <paramref name="step"/> for <paramref name="ranks"/> ranks, MLP-shaped or image-shaped.</summary>
    public static (Tensor Inputs, Tensor Labels) UnionBatch(int step, int ranks, bool images)
    {
        var generator = new Generator(1234UL + (ulong)step);
        long n = (long)BatchPerRank * ranks;
        var inputs = images
            ? torch.randn([n, 2, 4, 4], ScalarType.Float64, generator: generator)
            : torch.randn([n, 5], ScalarType.Float64, generator: generator);
        var labels = torch.randint(0, 3, [n], generator: generator);
        return (inputs, labels);
    }

    /// <summary>The SGD the data-parallel scenarios step with (momentum and weight decay on, so every term is checked).</summary>
    public static optim.Optimizer Sgd(nn.Module<Tensor, Tensor> model) =>
        optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 1e-4);

    /// <summary>All parameters and buffers of <paramref name="model"/> by name, as float64 arrays.</summary>
    public static Dictionary<string, double[]> State(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new Dictionary<string, double[]>();
        foreach (var (name, tensor) in model.state_dict())
        {
            result[name] = tensor.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
        }

        return result;
    }

    /// <summary>Samples per rank in the SyncBatchNorm2d scenario: unequal on purpose, so the counts matter.</summary>
    public static int[] SyncBatchSizes => [3, 5];

    /// <summary>The SyncBatchNorm2d scenario's union input for <paramref name="step"/> (N = 8, C = 3, 4×4) and the loss weights.</summary>
    public static (Tensor Inputs, Tensor LossWeights) SyncBatchUnion(int step)
    {
        var generator = new Generator(99UL + (ulong)step);
        var inputs = torch.randn([8, 3, 4, 4], ScalarType.Float64, generator: generator) * 2 + 0.5;
        var weights = torch.randn([8, 3, 4, 4], ScalarType.Float64, generator: generator);
        return (inputs, weights);
    }

    /// <summary>The first sample of rank <paramref name="rank"/> in the SyncBatchNorm2d scenario.</summary>
    public static int SyncBatchStart(int rank) => SyncBatchSizes.Take(rank).Sum();

    /// <summary>Non-trivial affine parameters, so weight and bias gradients are checked against a real scale.</summary>
    public static void SetAffine(nn.Module<Tensor, Tensor> norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        using var noGrad = torch.no_grad();
        var state = norm.state_dict();
        state["weight"].copy_(torch.tensor(new[] { 1.5, 0.5, -1.0 }));
        state["bias"].copy_(torch.tensor(new[] { 0.1, -0.2, 0.3 }));
    }
}
