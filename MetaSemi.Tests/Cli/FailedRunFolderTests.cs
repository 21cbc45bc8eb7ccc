using System.Globalization;
using MetaSemi.Cli.Commands;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// A training command that fails before it trains anything leaves no folder behind that it created, and keeps a
/// folder that existed before or holds a trained step (docs/reliability.md, "Errors reach log.txt").
/// </summary>
[Collection(nameof(MetaSemi.Tests.Core.SerialTorchCollection))]
public sealed class FailedRunFolderTests
{
    private static string[] Train(string runFolder, string labelIndices) =>
        [.. ResumeExactnessTests.Arguments("train", "finite-difference", runFolder, 3), "--label-indices", labelIndices];

    /// <summary>A label file whose last index is outside the 10 000 training images: the run fails while loading.</summary>
    private static string BadLabels(TempFolder folder)
    {
        var path = folder.File("given.txt");
        File.WriteAllLines(path, Enumerable.Range(0, 99).Select(i => i * 100 + 1).Append(10000).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return path;
    }

    [Fact]
    public void A_run_that_fails_before_its_first_step_removes_the_folder_it_created()
    {
        using var folder = new TempFolder();
        var run = folder.File("run");

        var result = CliHarness.Run(CommandHandlers.Default, Train(run, BadLabels(folder)));

        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Contains("labelled index 10000 is outside the training set", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(run), $"left behind: {string.Join(", ", Directory.Exists(run) ? Directory.GetFileSystemEntries(run) : [])}");
    }

    [Fact]
    public void A_folder_that_existed_before_the_failed_run_is_kept_with_its_log()
    {
        using var folder = new TempFolder();
        var run = folder.File("run");
        Directory.CreateDirectory(run);

        var result = CliHarness.Run(CommandHandlers.Default, Train(run, BadLabels(folder)));

        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        var log = File.ReadAllText(Path.Combine(run, MetaSemi.Cli.Running.RunLogging.FileName));
        Assert.Contains("labelled index 10000 is outside the training set", log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_fails_after_training_steps_keeps_the_folder_it_created()
    {
        using var folder = new TempFolder();
        var run = folder.File("run");
        var args = ResumeExactnessTests.Arguments("train", "finite-difference", run, 6);
        args[Array.IndexOf(args, "--lr") + 1] = "1e30";

        var result = CliHarness.Run(CommandHandlers.Default, args);

        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Contains(Directory.GetFiles(run), f => Path.GetFileName(f) == MetaSemi.MetricsCsvWriter.FileName);
    }
}
