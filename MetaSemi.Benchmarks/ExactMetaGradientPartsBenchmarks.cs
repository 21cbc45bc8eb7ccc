using BenchmarkDotNet.Attributes;
using MetaSemi.Algorithms;
using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Benchmarks;

/// <summary>
/// Where the exact meta-gradient's time goes, in eval mode on the unlabelled batch: the consistency
/// loss's parameter gradient without a graph (forward + backward, 3 forward-equivalents), the same
/// with <c>create_graph</c> (the graph of the backward is recorded), and the whole
/// <c>G = −B·∂/∂ŷ[∇θℓ·g]</c> (adds the double backward, 2 more by the report's convention).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("ExactParts")]
public class ExactMetaGradientPartsBenchmarks : TrackedBenchmark
{
    private FeatureModel _model = null!;
    private Tensor _unlabeled = null!;
    private Tensor _pseudoLabels = null!;
    private Tensor[] _parameters = null!;
    private Tensor[] _direction = null!;
    private torch.Device _device = null!;

    /// <summary><c>cpu</c>, and <c>cuda</c> where available.</summary>
    [ParamsSource(typeof(BenchmarkDevices), nameof(BenchmarkDevices.Available))]
    public string Device { get; set; } = "cpu";

    /// <summary>The network and batch (see <see cref="NetworkCase"/>).</summary>
    [Params(NetworkCase.SmallCnn, NetworkCase.ConvLarge)]
    public string Network { get; set; } = NetworkCase.SmallCnn;

    /// <summary>The network in eval mode, an unlabelled batch, its softmax as ŷ, and a random direction g.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new torch.Device(Device);
        var network = NetworkCase.Get(Network);
        _model = network.CreateOn(_device);
        _model.eval();
        _parameters = _model.parameters().Where(p => p.requires_grad).Cast<Tensor>().ToArray();
        _direction = _parameters.Select(p => randn_like(p)).ToArray();
        _unlabeled = network.RandomImages(_device);
        using (no_grad())
        {
            _pseudoLabels = nn.functional.softmax(_model.forward(network.RandomImages(_device)), 1);
        }

        StartTracking();
    }

    /// <summary>∇θ ℓ without a graph.</summary>
    [Benchmark(Baseline = true)]
    [ForwardPasses(3)]
    public void ParameterGradient()
    {
        Mark();
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var loss = SquaredL2ConsistencyLoss.Instance.Compute(_model.forward(_unlabeled), _pseudoLabels);
        autograd.grad([loss], _parameters, allow_unused: true);
        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>∇θ ℓ with create_graph (ŷ a leaf).</summary>
    [Benchmark]
    [ForwardPasses(3)]
    public void ParameterGradient_CreateGraph()
    {
        Mark();
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var leaf = _pseudoLabels.detach().clone().requires_grad_(true);
        var loss = SquaredL2ConsistencyLoss.Instance.Compute(_model.forward(_unlabeled), leaf);
        autograd.grad([loss], _parameters, retain_graph: true, create_graph: true, allow_unused: true);
        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>The whole exact G: ∇θ ℓ with a graph, then the gradient of ∇θℓ·g with respect to ŷ.</summary>
    [Benchmark]
    [ForwardPasses(5)]
    public void ParameterGradient_CreateGraph_DoubleBackward()
    {
        Mark();
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var leaf = _pseudoLabels.detach().clone().requires_grad_(true);
        var loss = SquaredL2ConsistencyLoss.Instance.Compute(_model.forward(_unlabeled), leaf);
        var gradients = autograd.grad([loss], _parameters, retain_graph: true, create_graph: true, allow_unused: true);
        var directional = gradients.Zip(_direction, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b);
        autograd.grad([directional], [leaf]);
        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>Records native memory and releases everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        StopTracking(Device, Network);
        _model.Dispose();
        _unlabeled.Dispose();
        _pseudoLabels.Dispose();
        foreach (var d in _direction)
        {
            d.Dispose();
        }
    }
}
