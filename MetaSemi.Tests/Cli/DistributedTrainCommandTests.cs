using MetaSemi.Tests.Distributed;

namespace MetaSemi.Tests.Cli;

/// <summary><c>mpiexec -n 2 dotnet metasemi.dll train …</c>: the command joins the job by itself and only rank 0 writes and prints.</summary>
[Collection(MpiCollection.Name)]
public sealed class DistributedTrainCommandTests
{
    [MpiFact]
    public void Train_under_mpiexec_with_2_ranks_trains_on_both_and_rank_0_alone_writes_the_run_folder()
    {
        // metasemi.dll sits next to the tests (MetaSemi.Tests references the CLI project).
        var dll = Path.Combine(AppContext.BaseDirectory, "metasemi.dll");
        using var outcome = MpiLauncher.RunMpiProgram(dll, 2,
        [
            "train", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "-a", "small-cnn",
            "--batch-size", "8", "--num-label", "20", "--test-freq", "2", "--print-freq", "2", "--total-steps", "4",
            "--warmup", "1", "--milestones", "3", "--save-path", "{folder}/run",
        ]);
        Assert.True(outcome.ExitCode == 0, outcome.Output);
        var run = Path.Combine(outcome.Folder, "run");
        foreach (var file in new[] { "checkpoint", "model_best", "metrics.csv", "options.json", "args.json", "label_indices.txt", "log.txt" })
        {
            Assert.True(File.Exists(Path.Combine(run, file)), $"no {file}; output:\n{outcome.Output}");
        }

        Assert.Equal(5, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
        Assert.Contains("rank 0 of 2", File.ReadAllText(Path.Combine(run, "log.txt")), StringComparison.Ordinal);

        // One run line and one summary line: the other rank prints neither.
        var lines = outcome.Output.Split('\n');
        Assert.Single(lines, l => l.Contains("2 ranks (2 on this machine", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains(": 4 steps, test accuracy", StringComparison.Ordinal));
    }
}
