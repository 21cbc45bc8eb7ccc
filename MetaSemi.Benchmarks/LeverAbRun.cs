using System.Diagnostics;
using System.Globalization;

namespace MetaSemi.Benchmarks;

/// <summary>
/// <c>lever-ab NETWORK PAIRS</c>: the A/B pairs of <see cref="StepLeverBenchmarks"/> run interleaved (A, B, A, B, …
/// after one warm-up of each), so that a load that drifts during the run hits both sides alike; prints per pair the
/// median of each side and the median of the per-round ratios B/A, with the load average. BenchmarkDotNet runs the
/// cases one after another, which on a shared machine lets the load drift between A and B (issue 16).
/// </summary>
public static class LeverAbRun
{
    private static readonly (string Lever, string A, string B)[] Pairs =
    [
        ("mode switch: walk of named_modules() vs eval()/train() only", nameof(StepLeverBenchmarks.ModelModes_WalkAndRestore), nameof(StepLeverBenchmarks.ModelModes_EvalTrainOnly)),
        ("eval forward: no_grad vs inference mode", nameof(StepLeverBenchmarks.EvalForward_NoGrad), nameof(StepLeverBenchmarks.EvalForward_InferenceMode)),
        ("exact meta step: with the removed forward vs as now", nameof(StepLeverBenchmarks.ExactMetaStep_PlusRemovedForward), nameof(StepLeverBenchmarks.ExactMetaStep)),
        ("FD step: contiguous vs channels-last images", nameof(StepLeverBenchmarks.FdStep_Contiguous), nameof(StepLeverBenchmarks.FdStep_ChannelsLast)),
        ("eval forward replica: BatchNorm vs folded", nameof(StepLeverBenchmarks.ReplicaForward_BatchNorm), nameof(StepLeverBenchmarks.ReplicaForward_BatchNormFolded)),
        ("eval forward: module vs functional replica (both inference mode)", nameof(StepLeverBenchmarks.EvalForward_InferenceMode), nameof(StepLeverBenchmarks.ReplicaForward_BatchNorm)),
    ];

    /// <summary>
    /// <see cref="AlgorithmStepBenchmarks"/>' cases against FixMatch, interleaved the same way: the μ 7 algorithms that
    /// count the same 45 forward-equivalents, so that their ratio to FixMatch is their bookkeeping alone.
    /// </summary>
    private static readonly (string Lever, string A, string B)[] AlgorithmPairs =
    [
        ("FixMatch vs FlexMatch (same forwards, per-class thresholds)", "FixMatch", "FlexMatch"),
        ("FixMatch vs FreeMatch (same forwards, adaptive thresholds, fairness loss)", "FixMatch", "FreeMatch"),
        ("FixMatch vs SoftMatch (same forwards, Gaussian weights, alignment)", "FixMatch", "SoftMatch"),
    ];

    /// <summary>Runs every pair (or those whose A or B name contains the optional third argument).</summary>
    public static void Execute(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string network = args.Length > 0 ? args[0] : NetworkCase.SmallCnn;
        var bench = new StepLeverBenchmarks { Network = network };
        bench.Setup();
        RunPairs(name => Method(bench, name), network, Pairs, Rounds(args, 1), args.Length > 2 ? args[2] : null);
        bench.Cleanup();
    }

    /// <summary><c>algorithm-ab [rounds] [filter]</c>: <see cref="AlgorithmPairs"/>, interleaved, on SmallCnn at 64 labelled images.</summary>
    public static void ExecuteAlgorithms(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var bench = new AlgorithmStepBenchmarks();
        RunPairs(bench.Prepare, bench.Network, AlgorithmPairs, Rounds(args, 0), args.Length > 1 ? args[1] : null);
        bench.Cleanup();
    }

    /// <summary>The rounds argument at <paramref name="index"/>; 7 without it.</summary>
    private static int Rounds(string[] args, int index) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : 7;

    /// <summary>Each pair (<paramref name="method"/> gives the action that runs a side) whose A or B name contains <paramref name="only"/> (every pair when null), interleaved over <paramref name="rounds"/> rounds.</summary>
    private static void RunPairs(Func<string, Action> method, string network, (string Lever, string A, string B)[] pairs, int rounds, string? only)
    {
        MachineInfo.Print(Console.Out);
        Console.WriteLine($"| network | lever | A median ms | B median ms | median of B/A per round | rounds |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (lever, a, b) in pairs.Where(p => only is null || p.A.Contains(only, StringComparison.Ordinal) || p.B.Contains(only, StringComparison.Ordinal)))
        {
            var runA = method(a);
            var runB = method(b);
            runA();
            runB();
            var timesA = new double[rounds];
            var timesB = new double[rounds];
            for (int i = 0; i < rounds; i++)
            {
                timesA[i] = Time(runA);
                timesB[i] = Time(runB);
            }

            double ratio = Median(timesA.Zip(timesB, (x, y) => y / x));
            Console.WriteLine(FormattableString.Invariant(
                $"| {network} | {lever} | {Median(timesA):F3} | {Median(timesB):F3} | {ratio:F3} | {rounds} |"));
        }

        MachineInfo.PrintLoad(Console.Out);
    }

    private static Action Method<TBench>(TBench bench, string name)
        where TBench : class =>
        typeof(TBench).GetMethod(name)!.CreateDelegate<Action>(bench);

    private static double Time(Action run)
    {
        var watch = Stopwatch.StartNew();
        run();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
