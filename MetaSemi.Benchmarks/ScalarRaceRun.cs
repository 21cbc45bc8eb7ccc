using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The reproducer of docs/reliability.md's "TorchSharp's temporary scalars": one thread adds two int64 tensors
/// (<c>a + a</c>, whose alpha of 1 TorchSharp makes as a temporary <see cref="Scalar"/>) while a second thread
/// computes with float scalars and, in the forced case, asks for a gen-0 collection after each of its operations. A
/// temporary scalar that the collector finds unreachable while libtorch still reads it is freed by its finalizer;
/// when a float scalar of the other thread reuses its memory, libtorch rejects the add ("For integral input
/// tensors, argument alpha must not be a floating point number"); on float tensors the same reuse would silently
/// change alpha. The float thread's own scalars (<c>f * 0.5f</c>) are exposed the same way. Each case counts the
/// adds, the failed adds, the failed float operations and the gen-0 collections.
/// </summary>
public static class ScalarRaceRun
{
    /// <summary>Runs each case for <c>[seconds]</c> (default 20) and prints one line per case.</summary>
    /// <exception cref="ArgumentException">The argument is not a positive whole number of seconds.</exception>
    public static void Execute(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int seconds = 20;
        if (args.Length > 0 && (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds < 1))
        {
            throw new ArgumentException($"scalar-race takes a positive number of seconds per case; got '{args[0]}'.", nameof(args));
        }

        MachineInfo.Print(Console.Out);
        Console.WriteLine($"// scalar-race: {seconds} s per case, 2 threads, torch threads 1");
        torch.set_num_threads(1);
        Console.WriteLine("case                                   adds        failed   float_failed  gen0_GCs  first error");
        Run("temporary alpha, forced gen-0 GCs", seconds, heldAlpha: false, forceCollections: true);
        Run("held alpha, forced gen-0 GCs", seconds, heldAlpha: true, forceCollections: true);
        Run("temporary alpha, the allocator's GCs", seconds, heldAlpha: false, forceCollections: false);
        MachineInfo.PrintLoad(Console.Out);
    }

    private static void Run(string name, int seconds, bool heldAlpha, bool forceCollections)
    {
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        long adds = 0, failed = 0, floatFailed = 0;
        string? first = null, floatFirst = null;
        int collectionsBefore = GC.CollectionCount(0);
        using var a = torch.arange(64, dtype: int64);
        using var alpha = 1.ToScalar();
        var adder = new Thread(() =>
        {
            while (DateTime.UtcNow < stop)
            {
                try
                {
                    using var scope = torch.NewDisposeScope();
                    _ = heldAlpha ? a.add(a, alpha) : a + a;
                    adds++;
                }
                catch (ExternalException e)
                {
                    failed++;
                    first ??= e.Message.Split('\n')[0];
                }
            }
        });
        var floats = new Thread(() =>
        {
            using var f = torch.ones(8);
            while (DateTime.UtcNow < stop)
            {
                try
                {
                    using var scope = torch.NewDisposeScope();
                    _ = (f * 0.5f) + 0.25f;
                }
                catch (ExternalException e)
                {
                    Interlocked.Increment(ref floatFailed);
                    floatFirst ??= e.Message.Split('\n')[0];
                }

                if (forceCollections)
                {
                    GC.Collect(0);
                }
            }
        });
        adder.Start();
        floats.Start();
        adder.Join();
        floats.Join();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-38} {adds,-11} {failed,-8} {floatFailed,-13} {GC.CollectionCount(0) - collectionsBefore,-9} {first ?? floatFirst ?? "-"}"));
    }
}
