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
/// <b>Forward-pass equivalents</b> (<see cref="StepBenchmarkCaseAttribute.ForwardPasses"/>, declared on each algorithm
/// class beside its code) count units of <b>one forward over 64 images</b> (the labelled batch; the <c>Network</c> case's FLOPs): a forward over
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
    private readonly Dictionary<string, (TrainingStepRunner Runner, PairedBatch Pair)> _cases = [];
    private torch.Device? _device;
    private long _stepNumber;

    /// <summary><c>cpu</c>, and <c>cuda</c> where available.</summary>
    [ParamsSource(typeof(BenchmarkDevices), nameof(BenchmarkDevices.Available))]
    public string Device { get; set; } = "cpu";

    /// <summary>The network and labelled batch: SmallCnn on 28×28×1 at 64 labelled images.</summary>
    [Params(NetworkCase.SmallCnn)]
    public string Network { get; set; } = NetworkCase.SmallCnn;

    /// <summary>The algorithm's case (<see cref="CaseNames"/>): its registry entry and its options.</summary>
    [ParamsSource(nameof(CaseNames))]
    public string Case { get; set; } = "Supervised";

    /// <summary>
    /// Every case, in the built-in algorithms' order: the <see cref="StepBenchmarkCaseAttribute"/>s each algorithm class
    /// declares beside itself. Nothing here names an algorithm: a new one is timed once its class declares a case, and a
    /// test fails for a registered algorithm that declares none.
    /// </summary>
    internal static IReadOnlyList<StepCase> Cases { get; } = [.. BuiltInAlgorithms.Classes.SelectMany(StepCase.Of)];

    /// <summary>The cases' names, for <see cref="Case"/>.</summary>
    public static IEnumerable<string> CaseNames => Cases.Select(c => c.Name);

    /// <summary>The registry names of the algorithms that have at least one case.</summary>
    internal static IReadOnlySet<string> CoveredAlgorithms => Cases.Select(c => c.Registration.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The case called <paramref name="name"/>.</summary>
    internal static StepCase CaseNamed(string name) =>
        Cases.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No algorithm step case '{name}'; expected one of: {string.Join(", ", CaseNames)}.");

    /// <summary>Builds <see cref="Case"/> (<see cref="Prepare"/>) and starts tracking memory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Prepare(Case);
        StartTracking();
    }

    /// <summary>The step of the case: the algorithm's whole training step on its fixed pair.</summary>
    [Benchmark]
    public void Step() => Run(Case);

    /// <summary>
    /// Builds the case <paramref name="name"/> once — its own network (seed 0), SGD and generator, the algorithm from the
    /// registry (defaults plus the case's change), its EMA teacher when it asks for one, and one fixed pair made to its
    /// requirements (seed 1) — and gives the action that runs one step of it (the interleaved <c>algorithm-ab</c> run
    /// prepares several in one instance).
    /// </summary>
    internal Action Prepare(string name)
    {
        var device = _device ??= new torch.Device(Device);
        if (!_cases.ContainsKey(name))
        {
            var stepCase = CaseNamed(name);
            var network = NetworkCase.Get(Network);

            // Each case trains its own copy of the network (seed 0) with its own SGD and generator: an instance that
            // prepares several cases would otherwise time every case on the weights the cases before it had trained.
            var model = network.CreateOn(device);
            var optimizer = torch.optim.SGD(model.parameters(), LearningRate, 0.9, 0, 1e-4, false, false);
            var generator = new torch.Generator(0);
            _owned.AddRange([model, optimizer, generator]);
            torch.manual_seed(1);
            var algorithm = stepCase.Registration.Create(stepCase.CreateOptions());
            algorithm.Initialize(new AlgorithmSetup(network.NumClasses, UnlabeledPool, device, torch.float32));
            var runner = new TrainingStepRunner(model, optimizer, algorithm, network.NumClasses, device, generator);
            if (algorithm.Requirements.EmaDecay is double decay)
            {
                var teacher = new EmaTeacher(model, decay);
                _teachers.Add(teacher);
                runner.Teacher = teacher;
            }

            _cases[name] = (runner, MakePair(network, algorithm.Requirements, device));
        }

        return () => Run(name);
    }

    /// <summary>
    /// The denormal float32 values (nonzero, smaller in magnitude than the smallest normal float) among the prepared
    /// networks' weights and among their gradients, and how many values each holds (for <c>denormal-ab</c>).
    /// </summary>
    internal (long Weights, long Gradients, long Values) CountDenormals()
    {
        long weights = 0, gradients = 0, values = 0;
        foreach (var model in _owned.OfType<torch.nn.Module>())
        {
            foreach (var p in model.parameters())
            {
                using var scope = torch.NewDisposeScope();
                values += p.numel();
                weights += Denormal(p.detach());
                if (p.grad is { } g)
                {
                    gradients += Denormal(g);
                }
            }
        }

        return (weights, gradients, values);

        static long Denormal(torch.Tensor t) => t.abs().lt(1.17549435e-38f).logical_and(t.ne(0)).sum().item<long>();
    }

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
        _cases.Clear();
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
    private static PairedBatch MakePair(NetworkCase network, AlgorithmRequirements requirements, torch.Device device)
    {
        var labeled = new Batch(network.RandomImages(device), network.RandomLabels(device));
        long count = requirements.UsesUnlabeledData ? network.Batch * requirements.UnlabeledRatio : 0;
        long[] shape = [count, network.Channels, network.Size, network.Size];
        var views = requirements.UnlabeledViews
            .Where(v => v != ViewNames.Weak)
            .ToDictionary(v => v, _ => torch.randn(shape, device: device));
        var indices = requirements.UsesExampleIndices
            ? torch.randint(0, UnlabeledPool, [count], dtype: torch.int64, device: device)
            : null;
        var unlabeled = new Batch(
            torch.randn(shape, device: device),
            torch.randint(0, network.NumClasses, [count], dtype: torch.int64, device: device),
            views,
            indices);
        return new PairedBatch(labeled, unlabeled);
    }

    private void Run(string name)
    {
        Mark(CaseMeasurements.CaseMethod(nameof(Step), name));
        using var scope = torch.NewDisposeScope();
        var (runner, pair) = _cases[name];
        runner.Run(pair, ++_stepNumber, long.MaxValue, LearningRate);
        BenchmarkDevices.Synchronize(_device!);
    }
}
