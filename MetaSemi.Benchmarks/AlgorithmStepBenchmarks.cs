using BenchmarkDotNet.Attributes;
using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Models;
using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>
/// One whole training step of every registered algorithm (issue 13 §3): the trainer's
/// <see cref="TrainingStepRunner"/> — the algorithm's <c>Step</c>, <c>zero_grad</c>, <c>backward</c>, the one host
/// copy of the metrics, the SGD step (momentum 0.9, weight decay 1e-4) and the EMA update where the algorithm keeps a
/// teacher — on one fixed pre-built pair per case, with the unlabelled views, μ and example indices the algorithm's
/// <see cref="AlgorithmRequirements"/> declare under its default options. SmallCnn 28×28×1, 64 labelled images.
/// </summary>
/// <remarks>
/// <para>
/// <b>Forward-pass equivalents</b> (<see cref="ForwardPassesAttribute"/>) are counted from each algorithm's code in
/// units of <b>one forward over 64 images</b> (the labelled batch; the <c>Network</c> case's FLOPs): a forward over
/// n images counts n/64, its backward 2·n/64, a double backward 2·n/64 (an estimate). A backward runs over every image
/// of the forward it walks, including the detached weak-view rows of a concatenated forward, and over masked-out
/// examples. No-grad forwards (evaluation-mode predictions, the EMA teacher) count 1 per 64 images like any forward.
/// </para>
/// <para>
/// Meta-gradients: the finite difference on n loss images = labelled forward + backward (3) + prediction (n/64) + two
/// shifted forwards (2·n/64); the exact one = labelled forward + backward (3) + forward with graph (n/64) + backward
/// with graph (2·n/64) + double backward (2·n/64).
/// </para>
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[BenchmarkCategory("AlgorithmStep")]
public class AlgorithmStepBenchmarks : TrackedBenchmark
{
    private const double LearningRate = 0.01;

    /// <summary>Size of the unlabelled pool the per-example state (FlexMatch) is made for; the indices are drawn from it.</summary>
    private const long UnlabeledPool = 50_000;

    private readonly List<EmaTeacher> _teachers = [];
    private readonly List<IDisposable> _owned = [];
    private torch.Device _device = null!;
    private Dictionary<string, (TrainingStepRunner Runner, PairedBatch Pair)> _cases = null!;
    private long _stepNumber;

    /// <summary><c>cpu</c>, and <c>cuda</c> where available.</summary>
    [ParamsSource(typeof(BenchmarkDevices), nameof(BenchmarkDevices.Available))]
    public string Device { get; set; } = "cpu";

    /// <summary>The network and labelled batch: SmallCnn on 28×28×1 at 64 labelled images.</summary>
    [Params(NetworkCase.SmallCnn)]
    public string Network { get; set; } = NetworkCase.SmallCnn;

    /// <summary>
    /// The algorithm and options of each case (registry name and the change to its defaults), in declaration order.
    /// Every registered algorithm must have at least one case: a test checks it (<see cref="CoveredAlgorithms"/>), and
    /// <see cref="Setup"/> throws otherwise.
    /// </summary>
    private static readonly (string Case, string Algorithm, Action<IAlgorithmOptions> Configure)[] Cases =
    [
        (nameof(Supervised), SupervisedAlgorithm.AlgorithmName, _ => { }),
        (nameof(ReferenceBaseline), ReferenceBaselineAlgorithm.AlgorithmName, _ => { }),
        (nameof(ReferenceBaseline_Mixup), ReferenceBaselineAlgorithm.AlgorithmName, o => ((ReferenceBaselineOptions)o).Mixup = new() { Enabled = true, Alpha = 1.0 }),
        (nameof(MetaSemi_FiniteDifference), MetaSemiAlgorithm.AlgorithmName, _ => { }),
        (nameof(MetaSemi_Exact), MetaSemiAlgorithm.AlgorithmName, o => ((MetaSemiAlgorithmOptions)o).MetaGradient.Method = MetaGradientMethod.Exact),
        (nameof(PiModel), Algorithms.PiModel.AlgorithmName, _ => { }),
        (nameof(PseudoLabel), Algorithms.PseudoLabel.AlgorithmName, _ => { }),
        (nameof(PseudoLabel_MetaFiniteDifference), Algorithms.PseudoLabel.AlgorithmName, o => ((PseudoLabelOptions)o).MetaCorrection = MetaGradientMethod.FiniteDifference),
        (nameof(PseudoLabel_MetaExact), Algorithms.PseudoLabel.AlgorithmName, o => ((PseudoLabelOptions)o).MetaCorrection = MetaGradientMethod.Exact),
        (nameof(MeanTeacher), Algorithms.MeanTeacher.AlgorithmName, _ => { }),
        (nameof(FixMatch), Algorithms.FixMatch.AlgorithmName, _ => { }),
        (nameof(FixMatch_MetaFiniteDifference), Algorithms.FixMatch.AlgorithmName, o => ((FixMatchOptions)o).MetaCorrection = MetaGradientMethod.FiniteDifference),
        (nameof(FixMatch_MetaExact), Algorithms.FixMatch.AlgorithmName, o => ((FixMatchOptions)o).MetaCorrection = MetaGradientMethod.Exact),
        (nameof(FlexMatch), Algorithms.FlexMatch.AlgorithmName, _ => { }),
        (nameof(FreeMatch), Algorithms.FreeMatch.AlgorithmName, _ => { }),
        (nameof(SoftMatch), Algorithms.SoftMatch.AlgorithmName, _ => { }),
    ];

    /// <summary>The registry names of the algorithms that have at least one case.</summary>
    internal static IReadOnlySet<string> CoveredAlgorithms => Cases.Select(c => c.Algorithm).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Builds per case its own network (seed 0), SGD and generator, the algorithm from the registry (defaults plus the
    /// case's change), its EMA teacher when it asks for one, and one fixed pair made to its requirements (seed 1).
    /// </summary>
    /// <exception cref="InvalidOperationException">A registered algorithm has no case here.</exception>
    [GlobalSetup]
    public void Setup()
    {
        var missing = AlgorithmRegistry.Default.Algorithms.Select(r => r.Name).Except(CoveredAlgorithms).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{nameof(AlgorithmStepBenchmarks)} has no case for the registered algorithm(s) {string.Join(", ", missing)}; add a [Benchmark] method and a line to Cases.");
        }

        _device = new torch.Device(Device);
        var network = NetworkCase.Get(Network);
        _cases = [];
        foreach (var (name, algorithmName, configure) in Cases)
        {
            // Each case trains its own copy of the network (seed 0) with its own SGD and generator: the benchmark's
            // in-process runs would otherwise time every case on the weights the cases before it had trained.
            var model = network.CreateOn(_device);
            var optimizer = torch.optim.SGD(model.parameters(), LearningRate, 0.9, 0, 1e-4, false, false);
            var generator = new torch.Generator(0);
            _owned.AddRange([model, optimizer, generator]);
            torch.manual_seed(1);
            var registration = AlgorithmRegistry.Default.Get(algorithmName);
            var options = registration.CreateOptions();
            configure(options);
            var algorithm = registration.Create(options);
            algorithm.Initialize(new AlgorithmSetup(network.NumClasses, UnlabeledPool, _device, torch.float32));
            var runner = new TrainingStepRunner(model, optimizer, algorithm, network.NumClasses, _device, generator);
            if (algorithm.Requirements.EmaDecay is double decay)
            {
                var teacher = new EmaTeacher(model, decay);
                _teachers.Add(teacher);
                runner.Teacher = teacher;
            }

            _cases[name] = (runner, MakePair(network, algorithm.Requirements));
        }

        StartTracking();
    }

    /// <summary>Supervised (default: no mixup), μ 0. Eval-mode labelled forward 1 + forward + backward 3 = 4.</summary>
    [Benchmark(Baseline = true)]
    [ForwardPasses(4)]
    public void Supervised() => Run();

    /// <summary>Reference baseline (default: no mixup, delegates to Supervised): 4.</summary>
    [Benchmark]
    [ForwardPasses(4)]
    public void ReferenceBaseline() => Run();

    /// <summary>Reference baseline with mixup α 1, μ 1: eval-mode labelled 1 + eval-mode unlabelled 1 + mixed forward + backward 3 = 5.</summary>
    [Benchmark]
    [ForwardPasses(5)]
    public void ReferenceBaseline_Mixup() => Run();

    /// <summary>MetaSemi (defaults: finite difference, mixup α 1), μ 1: meta step 6 + mixed forward + backward 3 + unlabelled forward + backward 3 = 12.</summary>
    [Benchmark]
    [ForwardPasses(12)]
    public void MetaSemi_FiniteDifference() => Run();

    /// <summary>MetaSemi with the exact meta-gradient, mixup α 1, μ 1: meta step 8 + 3 + 3 = 14.</summary>
    [Benchmark]
    [ForwardPasses(14)]
    public void MetaSemi_Exact() => Run();

    /// <summary>Π-model, μ 1, views weak + weak2: labelled 3 + two unlabelled forward + backward 3 + 3 = 9.</summary>
    [Benchmark]
    [ForwardPasses(9)]
    public void PiModel() => Run();

    /// <summary>Pseudo-Label, μ 1: labelled 3 + unlabelled forward + backward 3 = 6.</summary>
    [Benchmark]
    [ForwardPasses(6)]
    public void PseudoLabel() => Run();

    /// <summary>Pseudo-Label meta-corrected by finite difference on the 64 unlabelled images: 6 + (3 + 1 + 2) = 12.</summary>
    [Benchmark]
    [ForwardPasses(12)]
    public void PseudoLabel_MetaFiniteDifference() => Run();

    /// <summary>Pseudo-Label meta-corrected by the exact meta-gradient: 6 + (3 + 1 + 2 + 2) = 14.</summary>
    [Benchmark]
    [ForwardPasses(14)]
    public void PseudoLabel_MetaExact() => Run();

    /// <summary>Mean Teacher, μ 1, views weak + weak2: EMA-teacher forward 1 (no grad, weights swapped in and out) + labelled 3 + student 3 = 7.</summary>
    [Benchmark]
    [ForwardPasses(7)]
    public void MeanTeacher() => Run();

    /// <summary>FixMatch, μ 7, weak + strong: one forward over 64 + 448 + 448 = 960 images (15) + its backward (30) = 45.</summary>
    [Benchmark]
    [ForwardPasses(45)]
    public void FixMatch() => Run();

    /// <summary>FixMatch meta-corrected by finite difference on the 448 strong images: 45 + (3 + 7 + 14) = 69.</summary>
    [Benchmark]
    [ForwardPasses(69)]
    public void FixMatch_MetaFiniteDifference() => Run();

    /// <summary>FixMatch meta-corrected by the exact meta-gradient on the 448 strong images: 45 + (3 + 7 + 14 + 14) = 83.</summary>
    [Benchmark]
    [ForwardPasses(83)]
    public void FixMatch_MetaExact() => Run();

    /// <summary>FlexMatch, μ 7, weak + strong, example indices: 45 (as FixMatch; the per-class thresholds are bookkeeping).</summary>
    [Benchmark]
    [ForwardPasses(45)]
    public void FlexMatch() => Run();

    /// <summary>FreeMatch, μ 7, weak + strong: 45 (the fairness loss reads the strong logits already computed).</summary>
    [Benchmark]
    [ForwardPasses(45)]
    public void FreeMatch() => Run();

    /// <summary>SoftMatch, μ 7, weak + strong: 45.</summary>
    [Benchmark]
    [ForwardPasses(45)]
    public void SoftMatch() => Run();

    /// <summary>Records native memory and releases everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        StopTracking(Device, Network);
        foreach (var (_, pair) in _cases.Values)
        {
            pair.Dispose();
        }

        foreach (var teacher in _teachers)
        {
            teacher.Dispose();
        }

        _teachers.Clear();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
    }

    /// <summary>
    /// One pair for <paramref name="requirements"/>: 64 labelled images; 64·μ unlabelled ones (random, standard normal)
    /// with hidden labels, every declared view besides weak, and example indices when asked for; none when the
    /// algorithm reads no unlabelled data (an empty batch, as the trainer's stream would not be asked for one).
    /// </summary>
    private PairedBatch MakePair(NetworkCase network, AlgorithmRequirements requirements)
    {
        var labeled = new Batch(network.RandomImages(_device), network.RandomLabels(_device));
        long count = requirements.UsesUnlabeledData ? network.Batch * requirements.UnlabeledRatio : 0;
        long[] shape = [count, network.Channels, network.Size, network.Size];
        var views = requirements.UnlabeledViews
            .Where(v => v != ViewNames.Weak)
            .ToDictionary(v => v, _ => torch.randn(shape, device: _device));
        var indices = requirements.UsesExampleIndices
            ? torch.randint(0, UnlabeledPool, [count], dtype: torch.int64, device: _device)
            : null;
        var unlabeled = new Batch(
            torch.randn(shape, device: _device),
            torch.randint(0, network.NumClasses, [count], dtype: torch.int64, device: _device),
            views,
            indices);
        return new PairedBatch(labeled, unlabeled);
    }

    private void Run([System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        Mark(name);
        using var scope = torch.NewDisposeScope();
        var (runner, pair) = _cases[name];
        runner.Run(pair, ++_stepNumber, long.MaxValue, LearningRate);
        BenchmarkDevices.Synchronize(_device);
    }
}
