using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The machine's reference ceiling (issue 7): a large float32 matrix product (2·n³ FLOPs) and a
/// 3×3 convolution 128→128 channels on 32×32, batch 32 (2·32·128·128·9·32·32 FLOPs). The higher
/// GFLOP/s of the two is the ceiling that the step benchmarks' "% ceiling" column divides by.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Ceiling")]
public class ComputeCeiling
{
    private Tensor a = null!;
    private Tensor b = null!;
    private Tensor images = null!;
    private Tensor kernel = null!;
    private Device device = null!;

    /// <summary>Matrix side.</summary>
    public const int MatrixSize = 2048;

    /// <summary><c>cpu</c>, and <c>cuda</c> where available.</summary>
    [ParamsSource(typeof(BenchmarkDevices), nameof(BenchmarkDevices.Available))]
    public string Device { get; set; } = "cpu";

    /// <summary>Creates the inputs once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        device = new Device(Device);
        torch.manual_seed(0);
        a = randn(MatrixSize, MatrixSize, device: device);
        b = randn(MatrixSize, MatrixSize, device: device);
        images = randn(32, 128, 32, 32, device: device);
        kernel = randn(128, 128, 3, 3, device: device);
    }

    /// <summary>2048×2048 by 2048×2048, float32: 17.2 GFLOP.</summary>
    [Benchmark]
    [Flops(2.0 * MatrixSize * MatrixSize * MatrixSize)]
    public void MatrixProduct()
    {
        using var scope = NewDisposeScope();
        matmul(a, b);
        BenchmarkDevices.Synchronize(device);
    }

    /// <summary>Conv 3×3, 128→128, 32×32, batch 32, padding 1: 9.66 GFLOP.</summary>
    [Benchmark]
    [Flops(2.0 * 32 * 128 * 128 * 9 * 32 * 32)]
    public void Convolution3x3()
    {
        using var scope = NewDisposeScope();
        nn.functional.conv2d(images, kernel, padding: [1, 1]);
        BenchmarkDevices.Synchronize(device);
    }

    /// <summary>Releases the inputs.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        a.Dispose();
        b.Dispose();
        images.Dispose();
        kernel.Dispose();
    }
}
