using MetaSemi.Algorithms;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>Dispose scopes keep native memory flat over many steps (run alone: it measures the process).</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class NativeMemoryTests
{
    /// <summary>Resident set size from /proc (Linux), or the working set elsewhere.</summary>
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

    [Fact]
    public async Task Resident_memory_stays_flat_over_200_steps_of_the_exact_meta_step_with_mixup()
    {
        // Wide enough that one leaked step (activations, gradients, pseudo-labels: ≈ 2 MB) would show.
        var generator = new Generator(5);
        var labeled = randn([64, 256], generator: generator);
        var labels = randint(0, 4, [64], generator: generator);
        var unlabeled = randn([512, 256], generator: generator);
        var train = new InMemoryPairedSource(labeled, labels, unlabeled, null, 4, 64, seed: 2, noise: 0.1);
        using var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(1, inputs: 256, hidden: 512, classes: 4), train, null, seed: 1)
            .WithMixup(1.0).WithMetaGradient(o => o.Method = MetaGradientMethod.Exact).Build();
        long at50 = 0, at200 = 0, live50 = 0, live200 = 0;

        // No GC.Collect: finalizers would free leaked tensors and hide a missing dispose scope.

        await trainer.FitAsync(200, new CallbackProgress(p =>
        {
            if (p.Step == 50)
            {
                at50 = ResidentBytes();
                live50 = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
            else if (p.Step == 200)
            {
                at200 = ResidentBytes();
                live200 = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
        }));

        // Exact: tensors created on the training thread and still alive (the callback runs there).
        Assert.True(live50 > 0, "degenerate check: no live tensors counted");
        Assert.Equal(live50, live200);

        // Coarse: the process as a whole, which also holds the managed heap and allocator caches.
        double growthMegabytes = (at200 - at50) / 1048576.0;
        Assert.True(at50 > 0 && at200 > 0);
        Assert.True(growthMegabytes < 40, $"resident memory grew by {growthMegabytes:F1} MB between steps 50 and 200 (≈ {growthMegabytes / 150 * 1024:F0} KB per step)");
    }
}
