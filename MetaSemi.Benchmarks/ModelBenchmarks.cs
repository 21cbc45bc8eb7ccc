using BenchmarkDotNet.Attributes;
using MetaSemi.Models;
using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>
/// Every model of the zoo at batch 32 and its own input size: a train-mode forward, and a
/// forward + backward of the cross-entropy (3 forward-pass equivalents). FLOPs from FlopCounter.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Models")]
public class ModelBenchmarks : TrackedBenchmark
{
    private FeatureModel _model = null!;
    private torch.Device _device = null!;
    private torch.Tensor _images = null!;
    private torch.Tensor _labels = null!;

    /// <summary><c>cpu</c>, and <c>cuda</c> where available.</summary>
    [ParamsSource(typeof(BenchmarkDevices), nameof(BenchmarkDevices.Available))]
    public string Device { get; set; } = "cpu";

    /// <summary>The model, input and batch (see <see cref="NetworkCase.ZooAtBatch32"/>).</summary>
    [ParamsSource(nameof(Networks))]
    public string Network { get; set; } = NetworkCase.ZooAtBatch32[0];

    /// <summary>The cases of <see cref="NetworkCase.ZooAtBatch32"/>.</summary>
    public static IEnumerable<string> Networks => NetworkCase.ZooAtBatch32;

    /// <summary>Builds the model (seed 0) and one fixed batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new torch.Device(Device);
        var network = NetworkCase.Get(Network);
        _model = network.CreateOn(_device);
        _model.train();
        _images = network.RandomImages(_device);
        _labels = network.RandomLabels(_device);
        StartTracking();
    }

    /// <summary>Train-mode forward.</summary>
    [Benchmark]
    [ForwardPasses(1)]
    public void Forward()
    {
        Mark();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        _model.forward(_images);
        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>Forward, cross-entropy, backward (gradients cleared first).</summary>
    [Benchmark]
    [ForwardPasses(3)]
    public void ForwardBackward()
    {
        Mark();
        using var scope = torch.NewDisposeScope();
        _model.zero_grad();
        torch.nn.functional.cross_entropy(_model.forward(_images), _labels).backward();
        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>Records memory and releases the model.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        StopTracking(Device, Network);
        _model.Dispose();
        _images.Dispose();
        _labels.Dispose();
    }
}
