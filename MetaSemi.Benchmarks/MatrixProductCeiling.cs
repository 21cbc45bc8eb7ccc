using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The machine's reference ceiling: a large float32 matrix product (2·n³ FLOPs) and a 3×3
/// convolution 128→128 channels on 32×32, batch 32 (2·32·128·128·9·32·32 FLOPs).
/// </summary>
[MemoryDiagnoser]
public class ComputeCeiling
{
    private Tensor a = null!;
    private Tensor b = null!;
    private Tensor images = null!;
    private Tensor kernel = null!;

    /// <summary>Matrix side.</summary>
    public const int MatrixSize = 2048;

    /// <summary>Creates the inputs once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.manual_seed(0);
        a = randn(MatrixSize, MatrixSize);
        b = randn(MatrixSize, MatrixSize);
        images = randn(32, 128, 32, 32);
        kernel = randn(128, 128, 3, 3);
    }

    /// <summary>2048×2048 by 2048×2048, float32: 17.2 GFLOP.</summary>
    [Benchmark]
    public void MatrixProduct()
    {
        using var scope = NewDisposeScope();
        matmul(a, b);
    }

    /// <summary>Conv 3×3, 128→128, 32×32, batch 32, padding 1: 9.66 GFLOP.</summary>
    [Benchmark]
    public void Convolution3x3()
    {
        using var scope = NewDisposeScope();
        nn.functional.conv2d(images, kernel, padding: [1, 1]);
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
