using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Running;
using MetaSemi.Files;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// A full disk (issue 17, defect 7), simulated with <c>METASEMI_FAULT=&lt;file&gt;:half:1:enospc</c> in a real process:
/// the write fails as ENOSPC would, the one error line and log.txt name the file, no temporary file stays behind,
/// and the next run resumes.
/// </summary>
public sealed class DiskFullTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("checkpoint")]
    [InlineData("model_best")]
    public void A_full_disk_names_the_file_in_the_error_and_the_log_and_the_run_resumes(string file)
    {
        using var folder = new TempFolder();
        var run = folder.File("run");
        string[] args = ResumeExactnessTests.Arguments("train", "finite-difference", run, 6);
        var env = new Dictionary<string, string> { ["METASEMI_FAULT"] = $"{file}:half:{(file == "checkpoint" ? 2 : 1)}:enospc" };

        var (code, output) = CliProcess.Run(args, Patience, env);

        Assert.True(code == CliApplication.FailureExitCode, $"exit {code}: {output}");
        var error = Assert.Single(output.Split('\n', StringSplitOptions.TrimEntries), l => l.StartsWith("metasemi train: ", StringComparison.Ordinal));
        var target = Path.Combine(run, file);
        Assert.Contains($"'{target}'", error, StringComparison.Ordinal);
        Assert.Contains("No space left on device", error, StringComparison.Ordinal);
        Assert.Contains(File.ReadAllLines(Path.Combine(run, RunLogging.FileName)),
            l => l.Contains("Run failed: ", StringComparison.Ordinal) && l.Contains($"'{target}'", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(run, "*" + AtomicFile.TemporarySuffix));

        var resumed = CliHarness.Run(CommandHandlers.Default, [.. args, "--resume", Path.Combine(run, "checkpoint")]);
        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Output);
        Assert.Contains(": 6 steps, test accuracy ", resumed.Output, StringComparison.Ordinal);
    }
}
