using System.Diagnostics;
using System.Globalization;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The long-run memory check: N MetaSemi steps (default 1 000) of the streamed quick-start setting
/// (<see cref="StreamedStepBenchmarks"/>), printing resident memory every 100 steps, so that growth
/// of native memory shows.
/// </summary>
public static class MemoryRun
{
    /// <summary>Runs with the arguments <c>[steps] [fd|exact]</c>.</summary>
    /// <exception cref="ArgumentException">An argument is not a positive step count or a method name.</exception>
    public static void Execute(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int steps = args.Length > 0 ? ParseSteps(args[0]) : 1000;
        bool exact = args.Length > 1 && ParseMethod(args[1]);
        MachineInfo.Print(Console.Out);
        var benchmark = new StreamedStepBenchmarks { Device = "cpu", Exact = exact };
        benchmark.Setup();
        try
        {
            Console.WriteLine($"// memory-run: {steps} MetaSemi steps ({(exact ? "exact" : "finite difference")}, mixup) of {benchmark.Network} on cpu");
            Console.WriteLine("step  VmRSS_MiB  VmHWM_MiB  managed_MiB  s_per_step");
            Print(0, 0);
            var clock = Stopwatch.StartNew();
            for (int step = 1; step <= steps; step++)
            {
                benchmark.MetaSemiStep_FromStream();
                if (step % 100 == 0 || step == steps)
                {
                    Print(step, clock.Elapsed.TotalSeconds / (step % 100 == 0 ? 100 : step % 100));
                    clock.Restart();
                }
            }
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    private static void Print(int step, double secondsPerStep)
    {
        const double MiB = 1024.0 * 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{step,4}  {ProcessMemory.ResidentBytes() / MiB,9:F1}  {ProcessMemory.PeakResidentBytes() / MiB,9:F1}  {GC.GetTotalMemory(false) / MiB,11:F1}  {secondsPerStep,10:F3}"));
    }

    private static int ParseSteps(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int steps) && steps > 0
            ? steps
            : throw new ArgumentException($"memory-run: expected a positive step count, got '{text}'.", nameof(text));

    private static bool ParseMethod(string text) => text switch
    {
        "fd" => false,
        "exact" => true,
        _ => throw new ArgumentException($"memory-run: expected the method 'fd' or 'exact', got '{text}'.", nameof(text)),
    };
}
