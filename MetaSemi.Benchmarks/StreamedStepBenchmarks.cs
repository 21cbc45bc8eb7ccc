using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Models;
using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>
/// A MetaSemi step fed by the real data pipeline on the quick-start setting: Fashion-MNIST
/// (1 000 class-balanced labels, crop with 2-pixel padding + flip + normalise, prefetch 4), the
/// CPU-sized network at batch 64, finite difference, mixup α 1. The "Data wait %" column is
/// PairedBatchStream's DataWaitSeconds over the whole step. Without the Fashion-MNIST files it
/// uses random images of the same shape (the console says which).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("StreamedStep")]
public class StreamedStepBenchmarks : TrackedBenchmark
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the IDX files.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    private const double LearningRate = 0.01;
    private ImageDataset _data = null!;
    private PairedBatchStream _stream = null!;
    private FeatureModel _model = null!;
    private TorchSharp.Modules.SGD _optimizer = null!;
    private torch.Generator _generator = null!;
    private torch.Device _device = null!;
    private TrainingStepRunner _step = null!;
    private long _stepNumber;

    /// <summary><c>cpu</c>, and <c>cuda</c> where available.</summary>
    [ParamsSource(typeof(BenchmarkDevices), nameof(BenchmarkDevices.Available))]
    public string Device { get; set; } = "cpu";

    /// <summary>The quick-start network at batch 64.</summary>
    [Params(NetworkCase.SmallCnn)]
    public string Network { get; set; } = NetworkCase.SmallCnn;

    /// <summary>Use the exact meta-gradient instead of finite difference (the memory run's option; not a benchmark parameter).</summary>
    public bool Exact { get; set; }

    /// <summary>Loads the data, splits it, starts the stream and builds the step.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new torch.Device(Device);
        var network = NetworkCase.Get(Network);
        _data = LoadFashionMnist();
        var split = new ClassBalancedSplitter(1000, 1).Split(_data.GetLabelArray(), _data.NumClasses);
        _stream = new PairedBatchStream(_data, split.Labeled, split.Unlabeled, network.Batch,
            KnownDatasets.FashionMnist.CreateAugmentation(), 1);
        _model = network.CreateOn(_device);
        _optimizer = torch.optim.SGD(_model.parameters(), LearningRate, 0.9, 0, 1e-4, false, false);
        _generator = new torch.Generator(0);
        var metaSemi = new MetaSemiAlgorithm(
            new MetaSemiAlgorithmOptions { Mixup = new() { Enabled = true, Alpha = 1.0 }, Consistency = new() { Weight = 1.0, RampSteps = 0 } },
            Exact ? new ExactMetaGradient() : new FiniteDifferenceMetaGradient());
        _step = new TrainingStepRunner(_model, _optimizer, metaSemi, network.NumClasses, _device, _generator);
        StartTracking();
    }

    /// <summary>Next pair from the stream, then one MetaSemi step (FD, mixup).</summary>
    [Benchmark]
    [ForwardPasses(12)]
    public void MetaSemiStep_FromStream()
    {
        Mark();
        var clock = Stopwatch.StartNew();
        using var scope = torch.NewDisposeScope();
        using var pair = _stream.Next();
        _step.Run(pair, ++_stepNumber, long.MaxValue, LearningRate);
        BenchmarkDevices.Synchronize(_device);
        var slot = Current(Device, Network);
        slot.DataWaitSeconds += pair.DataWaitSeconds;
        slot.OperationSeconds += clock.Elapsed.TotalSeconds;
    }

    /// <summary>Records native memory, stops the stream and releases everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        StopTracking(Device, Network);
        _stream.Dispose();
        _optimizer.Dispose();
        _generator.Dispose();
        _model.Dispose();
        _data.Dispose();
    }

    /// <summary>The Fashion-MNIST training set, or 60 000 random 28×28 images where the files are missing.</summary>
    public static ImageDataset LoadFashionMnist()
    {
        if (File.Exists(Path.Combine(FashionMnistDirectory, "train-images-idx3-ubyte.gz")))
        {
            return DatasetLoader.Load("fashion-mnist", FashionMnistDirectory, train: true);
        }

        Console.WriteLine($"// {FashionMnistDirectory} not found: StreamedStepBenchmarks uses 60 000 random 28×28 images.");
        using var generator = new torch.Generator(0);
        return new ImageDataset(
            torch.randint(0, 256, [60_000, 1, 28, 28], dtype: torch.uint8, generator: generator),
            torch.randint(0, 10, [60_000], dtype: torch.int64, generator: generator),
            ImageDataset.NumberedClassNames(10));
    }
}
