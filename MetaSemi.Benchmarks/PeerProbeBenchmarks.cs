using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The library-level probes of the PyTorch peer (issue 16), on the same tensor as its <c>conv3x3</c> and
/// <c>batchnorm</c> cases: batch 32, 128 channels, 32×32. One 3×3 convolution module 128→128 (padding 1, no
/// bias) and one BatchNorm2d module forward in train mode, both under no_grad. The ratio of these two to the
/// peer's says how much of a step's gap is libtorch 2.10 against PyTorch 1.13 rather than our code.
/// </summary>
[BenchmarkCategory("PeerProbe")]
public class PeerProbeBenchmarks
{
    private Tensor _images = null!;
    private TorchSharp.Modules.Conv2d _convolution = null!;
    private TorchSharp.Modules.BatchNorm2d _batchNorm = null!;

    /// <summary>Creates the tensor and the two modules (seed 0).</summary>
    [GlobalSetup]
    public void Setup()
    {
        manual_seed(0);
        _images = randn(32, 128, 32, 32);
        _convolution = nn.Conv2d(128, 128, 3, padding: 1, bias: false);
        _batchNorm = nn.BatchNorm2d(128);
    }

    /// <summary>One 3×3 convolution 128→128 on 32×32, batch 32, under no_grad.</summary>
    [Benchmark]
    [Flops(2.0 * 32 * 128 * 128 * 9 * 32 * 32)]
    public void Convolution3x3()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _convolution.call(_images);
    }

    /// <summary>One BatchNorm2d forward in train mode (batch statistics, running-statistics update) under no_grad.</summary>
    [Benchmark]
    public void BatchNorm2d()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _batchNorm.call(_images);
    }

    /// <summary>Releases the tensor and the modules.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _images.Dispose();
        _convolution.Dispose();
        _batchNorm.Dispose();
    }
}
