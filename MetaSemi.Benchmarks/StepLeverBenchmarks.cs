using BenchmarkDotNet.Attributes;
using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Benchmarks;

/// <summary>
/// Issue 16's levers, each as an A/B pair on the piece of the step it changes, so that a run on a loaded machine
/// still compares like with like: the mode switch of the meta step (the walk of <c>named_modules()</c> against the
/// bare <c>eval()/train()</c> any implementation needs); an eval forward under no_grad against inference mode; the
/// exact meta step as it is against it plus the unlabelled forward the lever removed; a whole FD step on
/// contiguous against channels-last images; and an eval forward of a functional replica of the network with
/// BatchNorm against the same with BatchNorm folded into each convolution (the fold recomputed per forward, as the
/// shifted parameters of p⁺ and p⁻ would need).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("StepLevers")]
public class StepLeverBenchmarks : TrackedBenchmark
{
    private const double LearningRate = 0.01;
    private FeatureModel _model = null!;
    private Tensor _labeled = null!;
    private Tensor _labels = null!;
    private Tensor _unlabeled = null!;
    private PairedBatch _pair = null!;
    private PairedBatch _pairChannelsLast = null!;
    private TorchSharp.Modules.SGD _optimizer = null!;
    private Generator _generator = null!;
    private TrainingStepRunner _step = null!;
    private NetworkReplica _replica = null!;
    private long _stepNumber;

    /// <summary>SmallCnn b64 and ConvLarge b32; <c>METASEMI_BENCH_NETWORKS</c> narrows the list.</summary>
    [ParamsSource(nameof(Networks))]
    public string Network { get; set; } = NetworkCase.SmallCnn;

    /// <summary>The networks this run measures.</summary>
    public static IEnumerable<string> Networks() => NetworkCase.FromEnvironment([NetworkCase.SmallCnn, NetworkCase.ConvLargeB32]);

    /// <summary>The network (seed 0, CPU), fixed batches in both layouts, the FD step, and the replica (checked against the model).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var network = NetworkCase.Get(Network);
        _model = network.CreateOn(CPU);
        _labeled = network.RandomImages(CPU);
        _labels = network.RandomLabels(CPU);
        _unlabeled = network.RandomImages(CPU);
        var unlabeledLabels = network.RandomLabels(CPU);
        _pair = new PairedBatch(new Batch(_labeled, _labels), new Batch(_unlabeled, unlabeledLabels));
        _pairChannelsLast = new PairedBatch(new Batch(ChannelsLast(_labeled), _labels), new Batch(ChannelsLast(_unlabeled), unlabeledLabels));
        _optimizer = optim.SGD(_model.parameters(), LearningRate, 0.9, 0, 1e-4, false, false);
        _generator = new Generator(0);
        var algorithm = new MetaSemiAlgorithm(
            new MetaSemiAlgorithmOptions { Mixup = new() { Enabled = true, Alpha = 1.0 }, Consistency = new() { Weight = 1.0, RampSteps = 0 } },
            new FiniteDifferenceMetaGradient());
        _step = new TrainingStepRunner(_model, _optimizer, algorithm, network.NumClasses, CPU, _generator);
        _replica = NetworkReplica.For(_model);
        _model.eval();
        _replica.Check(_unlabeled);
        _model.train();
        StartTracking();
    }

    /// <summary>What the meta step does now to enter eval mode and come back: walk, sort, eval, restore each module.</summary>
    [Benchmark]
    public void ModelModes_WalkAndRestore()
    {
        Mark();
        using (ModelModes.Evaluate(_model))
        {
        }
    }

    /// <summary>The floor of any mode switch (what a cached walk could reach at best): <c>eval()</c> then <c>train()</c>.</summary>
    [Benchmark]
    public void ModelModes_EvalTrainOnly()
    {
        Mark();
        _model.eval();
        _model.train();
    }

    /// <summary>One eval-mode forward of the unlabelled batch under no_grad (before the lever).</summary>
    [Benchmark(Baseline = true)]
    [ForwardPasses(1)]
    public void EvalForward_NoGrad()
    {
        Mark();
        using var scope = NewDisposeScope();
        using var modes = ModelModes.Evaluate(_model);
        using var noGrad = no_grad();
        _model.forward(_unlabeled);
    }

    /// <summary>The same forward in inference mode (the lever, now in Core).</summary>
    [Benchmark]
    [ForwardPasses(1)]
    public void EvalForward_InferenceMode()
    {
        Mark();
        using var scope = NewDisposeScope();
        using var modes = ModelModes.Evaluate(_model);
        using var inference = inference_mode();
        _model.forward(_unlabeled);
    }

    /// <summary>The exact meta step as it is now (one unlabelled forward, with a graph).</summary>
    [Benchmark]
    [ForwardPasses(9)]
    public void ExactMetaStep()
    {
        Mark();
        using var scope = NewDisposeScope();
        new ExactMetaGradient().Compute(_model, _labeled, _labels, _unlabeled, LearningRate, SquaredL2ConsistencyLoss.Instance);
    }

    /// <summary>The exact meta step plus the no-grad unlabelled forward it ran before the lever (its old cost).</summary>
    [Benchmark]
    [ForwardPasses(10)]
    public void ExactMetaStep_PlusRemovedForward()
    {
        Mark();
        using var scope = NewDisposeScope();
        new ExactMetaGradient().Compute(_model, _labeled, _labels, _unlabeled, LearningRate, SquaredL2ConsistencyLoss.Instance);
        using var modes = ModelModes.Evaluate(_model);
        using var noGrad = no_grad();
        nn.functional.softmax(_model.forward(_unlabeled), 1);
    }

    /// <summary>A whole MetaSemi FD + mixup step on contiguous (NCHW) images.</summary>
    [Benchmark]
    [ForwardPasses(12)]
    public void FdStep_Contiguous() => RunStep(_pair);

    /// <summary>The same step on channels-last images (NHWC strides; libtorch's convolutions keep the layout).</summary>
    [Benchmark]
    [ForwardPasses(12)]
    public void FdStep_ChannelsLast() => RunStep(_pairChannelsLast);

    /// <summary>An eval forward of the functional replica with BatchNorm (the same arithmetic as the module's forward).</summary>
    [Benchmark]
    [ForwardPasses(1)]
    public void ReplicaForward_BatchNorm() => RunReplica(fold: false);

    /// <summary>The replica with each BatchNorm folded into its convolution, the fold computed in the forward.</summary>
    [Benchmark]
    [ForwardPasses(1)]
    public void ReplicaForward_BatchNormFolded() => RunReplica(fold: true);

    /// <summary>Records native memory and releases everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        StopTracking("cpu", Network);
        _pair.Dispose();
        _pairChannelsLast.Dispose();
        _optimizer.Dispose();
        _generator.Dispose();
        _model.Dispose();
    }

    private void RunStep(PairedBatch pair, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        Mark(name);
        using var scope = NewDisposeScope();
        _step.Run(pair, ++_stepNumber, long.MaxValue, LearningRate);
    }

    private void RunReplica(bool fold, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        Mark(name);
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        _replica.Forward(_unlabeled, fold);
    }

    // TorchSharp 0.107 has no contiguous(memory_format): NHWC storage viewed as NCHW has channels-last strides.
    private static Tensor ChannelsLast(Tensor x)
    {
        using var nhwc = x.permute(0, 2, 3, 1).contiguous();
        return nhwc.permute(0, 3, 1, 2);
    }
}
