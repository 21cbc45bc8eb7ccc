using MetaSemi.Tests.Core;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>FixMatch's steps keep native memory flat (run alone: it measures the process).</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class AlgorithmNativeMemoryTests(ITestOutputHelper output)
{
    private static long ResidentBytes()
    {
        const string statm = "/proc/self/statm";
        if (File.Exists(statm))
        {
            long pages = long.Parse(File.ReadAllText(statm).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            return pages * Environment.SystemPageSize;
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>
    /// Plain FixMatch on a network wide enough that one leaked step (activations of 64 + 2×128 rows, gradients:
    /// ≈ 2 MB) would show in the resident size; the meta-corrected one (double backward, slow on a CPU) on a
    /// narrower network, where the exact count of live tensors is the check.
    /// </summary>
    [Theory]
    [InlineData(MetaSemi.Algorithms.MetaGradientMethod.None, 256, 512)]
    [InlineData(MetaSemi.Algorithms.MetaGradientMethod.Exact, 32, 64)]
    public async Task Resident_memory_and_live_tensors_stay_flat_over_200_steps_of_FixMatch(MetaSemi.Algorithms.MetaGradientMethod correction, int features, int hidden)
    {
        using var train = new ViewPairedSource(features, classes: 4, batchSize: 64, ratio: 2, unlabeledCount: 1000, seed: 3);
        var model = TrainerTestKit.Mlp(1, inputs: features, hidden: hidden, classes: 4);
        using var trainer = AlgorithmTrainerTests.Builder(model, train).UseFixMatch(o => { o.UnlabeledRatio = 2; o.Threshold = 0.5; o.MetaCorrection = correction; }).Build();
        long at50 = 0, at200 = 0, live50 = 0, live200 = 0;

        // No GC.Collect: finalizers would free leaked tensors and hide a missing dispose scope.
        await trainer.FitAsync(200, new CallbackProgress(p =>
        {
            if (p.Step == 50)
            {
                at50 = ResidentBytes();
                live50 = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
            else if (p.Step == 200)
            {
                at200 = ResidentBytes();
                live200 = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
        }));

        Assert.True(live50 > 0, "degenerate check: no live tensors counted");
        Assert.Equal(live50, live200);
        double growthMegabytes = (at200 - at50) / 1048576.0;
        output.WriteLine($"{correction}: live tensors {live50} at step 50, {live200} at step 200; resident {at50 / 1048576.0:F1} MB → {at200 / 1048576.0:F1} MB ({growthMegabytes:+0.0;-0.0} MB)");
        Assert.True(at50 > 0 && at200 > 0);

        // Coarse: one leaked step (≈ 2 MB) would grow the process by ≈ 300 MB over these 150 steps; allocator
        // caches of a process that ran ~600 other tests first moved it by up to 55 MB (measured under load), so 100 MB.
        Assert.True(growthMegabytes < 100, $"resident memory grew by {growthMegabytes:F1} MB between steps 50 and 200 (≈ {growthMegabytes / 150 * 1024:F0} KB per step)");
    }
}
