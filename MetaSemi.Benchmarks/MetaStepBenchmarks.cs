using BenchmarkDotNet.Attributes;
using MetaSemi.Algorithms;
using MetaSemi.Models;
using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The meta step alone (docs/design.md §2.1: labelled gradient, prediction, meta-gradient, ŷ update and
/// projection), finite difference against exact double backward, for the CPU-sized network and
/// ConvLarge. Forward-pass equivalents: FD = labelled forward+backward 3 + prediction 1 + two
/// shifted forwards 2 = 6; exact = 3 + one forward with graph (its softmax is the prediction) 1 +
/// backward with graph 2 + double backward 2 = 8.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("MetaStep")]
public class MetaStepBenchmarks : TrackedBenchmark
{
    private readonly FiniteDifferenceMetaGradient _finiteDifference = new();
    private readonly ExactMetaGradient _exact = new();
    private FeatureModel _model = null!;
    private torch.Tensor _labeled = null!;
    private torch.Tensor _labels = null!;
    private torch.Tensor _unlabeled = null!;
    private torch.Device _device = null!;

    /// <summary><c>cpu</c>, and <c>cuda</c> where available.</summary>
    [ParamsSource(typeof(BenchmarkDevices), nameof(BenchmarkDevices.Available))]
    public string Device { get; set; } = "cpu";

    /// <summary>The network and batch (see <see cref="NetworkCase"/>); <c>METASEMI_BENCH_NETWORKS</c> replaces the list (issue 16 uses ConvLarge b32).</summary>
    [ParamsSource(nameof(Networks))]
    public string Network { get; set; } = NetworkCase.SmallCnn;

    /// <summary>The networks this run measures.</summary>
    public static IEnumerable<string> Networks() => NetworkCase.FromEnvironment([NetworkCase.SmallCnn, NetworkCase.ConvLarge]);

    /// <summary>Builds the network (seed 0) and one fixed labelled and unlabelled batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new torch.Device(Device);
        var network = NetworkCase.Get(Network);
        _model = network.CreateOn(_device);
        _model.train();
        _labeled = network.RandomImages(_device);
        _labels = network.RandomLabels(_device);
        _unlabeled = network.RandomImages(_device);
        StartTracking();
    }

    /// <summary>The paper's first-order meta step.</summary>
    [Benchmark(Baseline = true)]
    [ForwardPasses(6)]
    public void FiniteDifference() => Run(_finiteDifference);

    /// <summary>The second-order meta step by double backward.</summary>
    [Benchmark]
    [ForwardPasses(8)]
    public void Exact() => Run(_exact);

    /// <summary>Records native memory and releases the tensors.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        StopTracking(Device, Network);
        _model.Dispose();
        _labeled.Dispose();
        _labels.Dispose();
        _unlabeled.Dispose();
    }

    private void Run(IMetaOptimizer method, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        Mark(name);
        using var scope = torch.NewDisposeScope();
        method.Compute(_model, _labeled, _labels, _unlabeled, 0.1, SquaredL2ConsistencyLoss.Instance);
        BenchmarkDevices.Synchronize(_device);
    }
}
