using BenchmarkDotNet.Attributes;
using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The CIFAR train transform of docs/design.md §3 at batch 128 (pad 4, random crop, random flip, to [0,1],
/// normalise), on the CPU where the data pipeline runs: on a ready uint8 batch, and with the gather
/// of 128 random images from a 50 000-image CIFAR-shaped set in memory (what the stream does).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("DataPipeline")]
public class DataPipelineBenchmarks : TrackedBenchmark
{
    private const int Batch = 128;
    private const int TrainingImages = 50_000;
    private readonly CropFlipAugmentation _augmentation = KnownDatasets.Cifar10.CreateAugmentation();
    private torch.Tensor _batch = null!;
    private ImageDataset _dataset = null!;
    private InMemoryImages _images = null!;
    private torch.Generator _generator = null!;
    private Random _random = null!;

    /// <summary>Random uint8 CIFAR-shaped images (seed 0).</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.manual_seed(0);
        _batch = torch.randint(0, 256, [Batch, 3, 32, 32], dtype: torch.uint8);
        _dataset = new ImageDataset(
            torch.randint(0, 256, [TrainingImages, 3, 32, 32], dtype: torch.uint8),
            torch.randint(0, 10, [TrainingImages], dtype: torch.int64),
            ImageDataset.NumberedClassNames(10));
        _images = new InMemoryImages(_dataset, _augmentation);
        _generator = new torch.Generator(0);
        _random = new Random(0);
        StartTracking();
    }

    /// <summary>Crop + flip + normalise of one uint8 batch of 128.</summary>
    [Benchmark(Baseline = true)]
    [ImagesPerOperation(Batch)]
    public void CropFlipNormalise_Batch128()
    {
        Mark();
        using var scope = torch.NewDisposeScope();
        _augmentation.Augment(_batch, _generator);
    }

    /// <summary>Gather 128 random images from the set, then crop + flip + normalise.</summary>
    [Benchmark]
    [ImagesPerOperation(Batch)]
    public void GatherCropFlipNormalise_Batch128()
    {
        Mark();
        using var scope = torch.NewDisposeScope();
        var indices = new long[Batch];
        for (int i = 0; i < Batch; i++)
        {
            indices[i] = _random.Next(TrainingImages);
        }

        _images.TrainImages(indices, _generator);
    }

    /// <summary>Records native memory and releases the data.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        StopTracking(null, null);
        _batch.Dispose();
        _dataset.Dispose();
        _generator.Dispose();
    }
}
