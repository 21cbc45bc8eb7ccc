using BenchmarkDotNet.Attributes;
using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Models;
using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>
/// One whole training step (the trainer's TrainingStepRunner around the algorithm's step: meta step, train-mode forwards, backward,
/// SGD update, the one host copy of the step's values) on a fixed batch, for the supervised
/// baseline and MetaSemi with and without mixup, each with both meta-gradients. Forward-pass
/// equivalents: supervised = eval-mode labelled forward 1 + train forward+backward 3 = 4; MetaSemi =
/// meta step (6 FD, 8 exact) + supervised or mixup forward+backward 3 + unlabelled forward+backward 3.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("TrainingStep")]
public class TrainingStepBenchmarks : TrackedBenchmark
{
    private const double LearningRate = 0.01;
    private FeatureModel _model = null!;
    private TorchSharp.Modules.SGD _optimizer = null!;
    private torch.Generator _generator = null!;
    private PairedBatch _pair = null!;
    private torch.Device _device = null!;
    private Dictionary<string, TrainingStepRunner> _steps = null!;
    private long _stepNumber;

    /// <summary><c>cpu</c>, and <c>cuda</c> where available.</summary>
    [ParamsSource(typeof(BenchmarkDevices), nameof(BenchmarkDevices.Available))]
    public string Device { get; set; } = "cpu";

    /// <summary>
    /// The network and batch: the CPU-sized network at batch 64 and ConvLarge at batch 32 (issue 16's shapes);
    /// <c>METASEMI_BENCH_NETWORKS</c> (names separated by commas) narrows the list, as the peer comparison does.
    /// </summary>
    [ParamsSource(nameof(Networks))]
    public string Network { get; set; } = NetworkCase.SmallCnn;

    /// <summary>The networks this run measures (see <see cref="Network"/>).</summary>
    public static IEnumerable<string> Networks() => NetworkCase.FromEnvironment([NetworkCase.SmallCnn, NetworkCase.ConvLargeB32]);

    /// <summary>Builds the network (seed 0), an SGD optimizer with the reference's momentum and weight decay, and one fixed pair.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new torch.Device(Device);
        var network = NetworkCase.Get(Network);
        _model = network.CreateOn(_device);
        _optimizer = torch.optim.SGD(_model.parameters(), LearningRate, 0.9, 0, 1e-4, false, false);
        _generator = new torch.Generator(0);
        _pair = new PairedBatch(
            new Batch(network.RandomImages(_device), network.RandomLabels(_device)),
            new Batch(network.RandomImages(_device), network.RandomLabels(_device)));
        TrainingStepRunner Step(ISemiSupervisedAlgorithm algorithm) =>
            new(_model, _optimizer, algorithm, network.NumClasses, _device, _generator);
        static MixupOptions Mixup(bool on) => new() { Enabled = on, Alpha = 1.0 };
        static MetaSemiAlgorithm MetaSemi(IMetaOptimizer meta, bool mixup) =>
            new(new MetaSemiAlgorithmOptions { Mixup = Mixup(mixup), Consistency = new() { Weight = 1.0, RampSteps = 0 } }, meta);
        _steps = new()
        {
            [nameof(Supervised_Mixup)] = Step(new SupervisedAlgorithm(new SupervisedOptions { Mixup = Mixup(true) })),
            [nameof(Supervised)] = Step(new SupervisedAlgorithm(new SupervisedOptions { Mixup = Mixup(false) })),
            [nameof(MetaSemi_FiniteDifference)] = Step(MetaSemi(new FiniteDifferenceMetaGradient(), false)),
            [nameof(MetaSemi_Exact)] = Step(MetaSemi(new ExactMetaGradient(), false)),
            [nameof(MetaSemi_FiniteDifference_Mixup)] = Step(MetaSemi(new FiniteDifferenceMetaGradient(), true)),
            [nameof(MetaSemi_Exact_Mixup)] = Step(MetaSemi(new ExactMetaGradient(), true)),
        };
        StartTracking();
    }

    /// <summary>Supervised baseline with mixup between two labelled batches (α 1).</summary>
    [Benchmark(Baseline = true)]
    [ForwardPasses(4)]
    public void Supervised_Mixup() => Run();

    /// <summary>Supervised baseline, cross-entropy only.</summary>
    [Benchmark]
    [ForwardPasses(4)]
    public void Supervised() => Run();

    /// <summary>MetaSemi, finite-difference meta-gradient, no mixup.</summary>
    [Benchmark]
    [ForwardPasses(12)]
    public void MetaSemi_FiniteDifference() => Run();

    /// <summary>MetaSemi, exact meta-gradient, no mixup.</summary>
    [Benchmark]
    [ForwardPasses(14)]
    public void MetaSemi_Exact() => Run();

    /// <summary>MetaSemi, finite-difference meta-gradient, mixup α 1 (the reference's CIFAR setting).</summary>
    [Benchmark]
    [ForwardPasses(12)]
    public void MetaSemi_FiniteDifference_Mixup() => Run();

    /// <summary>MetaSemi, exact meta-gradient, mixup α 1.</summary>
    [Benchmark]
    [ForwardPasses(14)]
    public void MetaSemi_Exact_Mixup() => Run();

    /// <summary>Records native memory and releases everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        StopTracking(Device, Network);
        _pair.Dispose();
        _optimizer.Dispose();
        _generator.Dispose();
        _model.Dispose();
    }

    private void Run([System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        Mark(name);
        using var scope = torch.NewDisposeScope();
        _steps[name].Run(_pair, ++_stepNumber, long.MaxValue, LearningRate);
        BenchmarkDevices.Synchronize(_device);
    }
}
