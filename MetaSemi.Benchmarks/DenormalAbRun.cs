using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>
/// Issue 25's flush-to-zero lever, measured before it is built (docs/benchmarks/denormals.md): does a step get faster
/// when the CPU flushes denormal floats to zero? libtorch's <c>at::globalContext().setFlushDenormal(bool)</c> sets the
/// calling thread's MXCSR (flush-to-zero and denormals-are-zero); TorchSharp 0.107 does not wrap it, so this finds it
/// by its Itanium-mangled name in <c>libtorch_cpu</c>, as <c>AutocastNative</c> finds autocast's. libtorch runs at one
/// thread here, so every kernel runs on the thread whose MXCSR is set. Each round builds two fresh cases (the same network
/// from seed 0), one per mode, and steps them in turn (the order alternating), <c>[steps]</c> steps each; it also counts the
/// denormal values among the weights and their gradients after the last step.
/// </summary>
public static class DenormalAbRun
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool SetFlushDenormal(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool on);

    /// <summary>Runs <c>[case] [rounds] [steps]</c> (default FixMatch, 4 rounds, 6 steps) and prints one table.</summary>
    /// <exception cref="ArgumentException">An argument is not a positive whole number.</exception>
    public static void Execute(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string name = args.Length > 0 ? args[0] : "FixMatch";
        int rounds = args.Length > 1 ? Positive(args[1], "rounds") : 4;
        int steps = args.Length > 2 ? Positive(args[2], "steps") : 6;
        torch.set_num_threads(1);
        var set = Load();
        MachineInfo.Print(Console.Out);
        Console.WriteLine($"// denormal-ab: case {name}, {rounds} rounds, {steps} steps from a fresh network per round and mode, libtorch at 1 thread");
        var times = new Dictionary<bool, List<double[]>> { [false] = [], [true] = [] };
        var denormals = new Dictionary<bool, List<(long Weights, long Gradients, long Values)>> { [false] = [], [true] = [] };
        var ratios = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            // Two fresh cases (the same network from seed 0), stepped in turn: what the machine's load does to one
            // step it does to its neighbour, so the ratio of neighbours is the measurement.
            var benches = new Dictionary<bool, AlgorithmStepBenchmarks> { [false] = new(), [true] = new() };
            var stepOf = benches.ToDictionary(kv => kv.Key, kv => kv.Value.Prepare(name));
            var rows = new Dictionary<bool, double[]> { [false] = new double[steps], [true] = new double[steps] };
            for (int s = 0; s < steps; s++)
            {
                foreach (var flush in (round + s) % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    if (!set(flush))
                    {
                        throw new PlatformNotSupportedException("at::Context::setFlushDenormal returned false: this CPU has no denormals-are-zero.");
                    }

                    var watch = Stopwatch.StartNew();
                    stepOf[flush]();
                    rows[flush][s] = watch.Elapsed.TotalMilliseconds;
                    set(false);
                }

                ratios.Add(rows[true][s] / rows[false][s]);
            }

            foreach (var flush in new[] { false, true })
            {
                times[flush].Add(rows[flush]);
                denormals[flush].Add(benches[flush].CountDenormals());
                benches[flush].Cleanup();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// round {round + 1} flush {(flush ? "on " : "off")}: {string.Join(" ", rows[flush].Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
            }
        }

        Console.WriteLine("| flush to zero | step 1, median ms | step 2, median ms | steps 3–last, median ms | denormal weights | denormal gradients | of values |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var flush in new[] { false, true })
        {
            var rows = times[flush];
            var d = denormals[flush];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(flush ? "on" : "off")} | {LeverAbRun.Median(rows.Select(r => r[0])):F1} | {LeverAbRun.Median(rows.Select(r => r[Math.Min(1, steps - 1)])):F1} | {LeverAbRun.Median(rows.SelectMany(r => r.Skip(2))):F1} | {LeverAbRun.Median(d.Select(x => (double)x.Weights)):F0} | {LeverAbRun.Median(d.Select(x => (double)x.Gradients)):F0} | {d[0].Values} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// on/off, median over {ratios.Count} neighbouring step pairs: {LeverAbRun.Median(ratios):F3} (quartiles {Quantile(ratios, 0.25):F3}–{Quantile(ratios, 0.75):F3})"));
        MachineInfo.PrintLoad(Console.Out);
    }

    private static int Positive(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw new ArgumentException($"denormal-ab takes a positive number of {what}; got '{text}'.", nameof(text));

    private static Func<bool, bool> Load()
    {
        torch.InitializeDeviceType(DeviceType.CPU);
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", typeof(torch).Assembly, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories, out var library)
            && !NativeLibrary.TryLoad("libtorch_cpu.so", out library))
        {
            throw new PlatformNotSupportedException("libtorch_cpu.so cannot be loaded.");
        }

        if (!NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out var context)
            || !NativeLibrary.TryGetExport(library, "_ZN2at7Context16setFlushDenormalEb", out var flush))
        {
            throw new PlatformNotSupportedException("libtorch_cpu does not export at::globalContext() and at::Context::setFlushDenormal(bool).");
        }

        var global = Marshal.GetDelegateForFunctionPointer<GlobalContext>(context)();
        var set = Marshal.GetDelegateForFunctionPointer<SetFlushDenormal>(flush);
        return on => set(global, on);
    }

    private static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }
}
