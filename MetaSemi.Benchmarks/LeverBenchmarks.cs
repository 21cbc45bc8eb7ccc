using BenchmarkDotNet.Attributes;
using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The performance levers of issue 7, each measured on the piece of the step it would change
/// (nothing here changes Core): (1) one eval-mode forward over the labelled and unlabelled batches
/// concatenated against the meta step's two forwards; (2) inference mode against no_grad for the
/// no-grad forwards; (3) channels-last against contiguous for the ceiling's 3×3 convolution.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Levers")]
public class LeverBenchmarks : TrackedBenchmark
{
    private FeatureModel _model = null!;
    private Tensor _labeled = null!;
    private Tensor _labels = null!;
    private Tensor _unlabeled = null!;
    private Tensor _images = null!;
    private Tensor _kernel = null!;
    private Tensor _imagesChannelsLast = null!;
    private Tensor _kernelChannelsLast = null!;
    private Tensor[] _parameters = null!;
    private torch.Device _device = null!;

    /// <summary><c>cpu</c>, and <c>cuda</c> where available.</summary>
    [ParamsSource(typeof(BenchmarkDevices), nameof(BenchmarkDevices.Available))]
    public string Device { get; set; } = "cpu";

    /// <summary>The CPU-sized network at batch 64.</summary>
    [Params(NetworkCase.SmallCnn)]
    public string Network { get; set; } = NetworkCase.SmallCnn;

    /// <summary>The network in eval mode (the meta step's mode), fixed batches, and the ceiling's convolution inputs in both layouts.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new torch.Device(Device);
        var network = NetworkCase.Get(Network);
        _model = network.CreateOn(_device);
        _model.eval();
        _parameters = _model.parameters().Where(p => p.requires_grad).Cast<Tensor>().ToArray();
        _labeled = network.RandomImages(_device);
        _labels = network.RandomLabels(_device);
        _unlabeled = network.RandomImages(_device);
        _images = randn(32, 128, 32, 32, device: _device);
        _kernel = randn(128, 128, 3, 3, device: _device);
        _imagesChannelsLast = ChannelsLast(_images);
        _kernelChannelsLast = ChannelsLast(_kernel);
        StartTracking();
    }

    /// <summary>What the meta step does now: labelled forward + gradient, then a no-grad unlabelled forward (4 forward-equivalents).</summary>
    [Benchmark(Baseline = true)]
    [ForwardPasses(4)]
    public void MetaForwards_Separate()
    {
        Mark();
        using var scope = NewDisposeScope();
        using (enable_grad())
        {
            var loss = nn.functional.cross_entropy(_model.forward(_labeled), _labels);
            autograd.grad([loss], _parameters, allow_unused: true);
        }

        using (no_grad())
        {
            nn.functional.softmax(_model.forward(_unlabeled), 1);
        }

        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>
    /// The lever: one forward of the concatenated 2B batch with a graph, the gradient of the labelled
    /// half's loss (the backward then runs over 2B: 2 + 4 = 6 forward-equivalents).
    /// </summary>
    [Benchmark]
    [ForwardPasses(6)]
    public void MetaForwards_Concatenated()
    {
        Mark();
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var logits = _model.forward(cat([_labeled, _unlabeled], 0));
        long b = _labeled.shape[0];
        var loss = nn.functional.cross_entropy(logits.narrow(0, 0, b), _labels);
        autograd.grad([loss], _parameters, allow_unused: true);
        using (no_grad())
        {
            nn.functional.softmax(logits.narrow(0, b, b).detach(), 1);
        }

        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>One eval-mode forward of the unlabelled batch under no_grad (what the meta step does 3 times with FD).</summary>
    [Benchmark]
    [ForwardPasses(1)]
    public void EvalForward_NoGrad()
    {
        Mark();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _model.forward(_unlabeled);
        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>The same forward under inference mode.</summary>
    [Benchmark]
    [ForwardPasses(1)]
    public void EvalForward_InferenceMode()
    {
        Mark();
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        _model.forward(_unlabeled);
        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>The ceiling's convolution, contiguous (NCHW) layout.</summary>
    [Benchmark]
    [Flops(2.0 * 32 * 128 * 128 * 9 * 32 * 32)]
    public void Convolution3x3_Contiguous()
    {
        Mark();
        using var scope = NewDisposeScope();
        nn.functional.conv2d(_images, _kernel, padding: [1, 1]);
        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>The same convolution with input and kernel in channels-last (NHWC strides) layout.</summary>
    [Benchmark]
    [Flops(2.0 * 32 * 128 * 128 * 9 * 32 * 32)]
    public void Convolution3x3_ChannelsLast()
    {
        Mark();
        using var scope = NewDisposeScope();
        nn.functional.conv2d(_imagesChannelsLast, _kernelChannelsLast, padding: [1, 1]);
        BenchmarkDevices.Synchronize(_device);
    }

    /// <summary>Records native memory and releases everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        StopTracking(Device, Network);
        _model.Dispose();
        foreach (var t in new[] { _labeled, _labels, _unlabeled, _images, _kernel, _imagesChannelsLast, _kernelChannelsLast })
        {
            t.Dispose();
        }
    }

    // TorchSharp 0.107 has no contiguous(memory_format): NHWC storage viewed as NCHW gives the same
    // strides as PyTorch's channels_last, which oneDNN recognises.
    private static Tensor ChannelsLast(Tensor x)
    {
        using var nhwc = x.permute(0, 2, 3, 1).contiguous();
        return nhwc.permute(0, 3, 1, 2);
    }
}
