using MetaSemi.Cli.Running;
using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Tests.Core;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// The crash test of issue 17 (docs/reliability.md): one 8-step run of real <c>metasemi train</c> processes, each
/// killed (SIGKILL) at another point — inside the writes of <c>label_indices.txt</c>, <c>args.json</c>,
/// <c>checkpoint</c> and <c>model_best</c> (fault injection, <c>METASEMI_FAULT</c>) and once from outside in the
/// middle of training — and restarted (fresh while there is no checkpoint, else resumed). After every kill whatever
/// <c>checkpoint</c> and <c>model_best</c> exist load; at the end <c>metrics.csv</c> and TensorBoard have each
/// step once and the run's rows and weights are those of the same run without kills.
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class CrashTests
{
    private const int Steps = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The tiny run of the other CLI tests, evaluated (and so checkpointed) every 2 steps.</summary>
    private static string[] Train(string runFolder)
    {
        var args = ResumeExactnessTests.Arguments("train", "finite-difference", runFolder, Steps);
        args[Array.IndexOf(args, "--test-freq") + 1] = "2";
        return args;
    }

    /// <summary>The kills, in order: a file and the point of its write, or null for a kill from outside after step 5.</summary>
    private static readonly string?[] Faults =
    [
        "label_indices.txt:half",
        "args.json:flushed",
        "checkpoint:half",
        "model_best:half",     // the first checkpoint (step 2) is on disk; its model_best copy is not
        "checkpoint:flushed",  // resumed at step 2: killed before the step-4 checkpoint is renamed
        "checkpoint:renamed",  // the step-4 checkpoint is in place; its model_best (if best) not yet
        null,
    ];

    [Fact]
    public void A_run_killed_at_every_write_and_mid_training_ends_as_the_run_without_kills()
    {
        using var folder = new TempFolder();
        var run = folder.File("killed");
        var checkpoint = Path.Combine(run, "checkpoint");
        var modelBest = Path.Combine(run, "model_best");
        var killedAt = new List<string>();

        // The same run without kills, beside the chain, as a process like the others (one thread: the same arithmetic).
        var straight = folder.File("straight");
        using var uninterrupted = CliProcess.Start(Train(straight));
        foreach (var fault in Faults)
        {
            string[] args = File.Exists(checkpoint) ? [.. Train(run), "--resume", checkpoint] : Train(run);
            long resumedFrom = File.Exists(checkpoint) ? RunFolderLockTests.CheckpointStep(checkpoint) : 0;
            using var process = CliProcess.Start(args, fault is null ? null : new Dictionary<string, string> { [FaultInjectionVariable] = fault });
            if (fault is null)
            {
                process.WaitUntil(() => Rows(run).Any(step => step == 5), Patience, "step 5 in metrics.csv");
                process.Kill();
            }
            else
            {
                process.WaitForExit(Patience);
                Assert.True(process.ExitCode == 137 || process.ExitCode == -1 || process.ExitCode == 9,
                    $"METASEMI_FAULT={fault}: expected a SIGKILL, got exit {process.ExitCode}: {process.Output}");
            }

            killedAt.Add($"{fault ?? "outside, after step 5"} (from step {resumedFrom})");
            foreach (var file in new[] { checkpoint, modelBest }.Where(File.Exists))
            {
                Assert.True(RunFolderLockTests.CheckpointStep(file) >= 0, file); // loads (throws if damaged)
            }
        }

        var (code, output) = CliProcess.Run([.. Train(run), "--resume", checkpoint], Patience);
        Assert.True(code == 0, string.Join("; ", killedAt) + ": " + output);
        uninterrupted.WaitForExit(Patience);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Output);

        Assert.Equal(Enumerable.Range(1, Steps).Select(i => (long)i), Rows(run));
        Assert.Equal(ResumeExactnessTests.Rows(straight), ResumeExactnessTests.Rows(run));
        ResumeExactnessTests.AssertSameWeights(Path.Combine(straight, "checkpoint"), checkpoint);
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight, LabelIndicesFile.FileName)), File.ReadAllBytes(Path.Combine(run, LabelIndicesFile.FileName)));
        Assert.Empty(Directory.GetFiles(run, "*" + AtomicFile.TemporarySuffix));

        var view = TensorBoardView.Read(run);
        var metrics = MetricsCsvReader.Read(Path.Combine(run, MetricsCsvWriter.FileName));
        foreach (var tag in new[] { "train/label-loss", "train/unlabel-loss", "train/lr", "test/accuracy" })
        {
            var (steps, values) = metrics.Series(tag);
            Assert.Equal(steps.Select(s => (long)s), view[tag].Select(s => s.Step));
            Assert.Equal(values.Select(v => (float)v), view[tag].Select(s => s.Value));
        }

        // model_best is the best evaluation's model: its weights evaluate to the best accuracy metrics.csv recorded.
        AssertModelBestIsTheBest(run, metrics);
    }

    private const string FaultInjectionVariable = "METASEMI_FAULT";

    /// <summary>The steps of metrics.csv's complete rows.</summary>
    private static long[] Rows(string run)
    {
        var path = Path.Combine(run, MetricsCsvWriter.FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return text.Split('\n').Skip(1).SkipLast(1) // the last piece is empty or a row cut short
            .Select(line => long.Parse(line.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static void AssertModelBestIsTheBest(string run, MetricsTable metrics)
    {
        var (steps, accuracies) = metrics.Series(MetaSemi.Algorithms.MetricNames.TestAccuracy);
        int best = Array.IndexOf(accuracies, accuracies.Max()); // the first of equal accuracies is the best, as in the trainer
        var modelBest = Path.Combine(run, "model_best");
        Assert.True(File.Exists(modelBest), "no model_best");
        Assert.Equal((long)steps[best], RunFolderLockTests.CheckpointStep(modelBest));
    }
}
