using System.Security.Cryptography;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Running;
using MetaSemi.Files;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// One writer per run folder (issue 17, defect 1): a second <c>metasemi train</c> on a folder another process is
/// training into is refused with one line naming the holder's PID and touches nothing; the lock of a killed
/// process is taken over by the next run.
/// </summary>
public sealed class RunFolderLockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string[] Train(string runFolder, int steps) => ResumeExactnessTests.Arguments("train", "finite-difference", runFolder, steps);

    [Fact]
    public void A_second_process_on_a_held_folder_is_refused_with_one_line_and_changes_nothing_and_a_killed_holder_is_taken_over()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the test freezes the holder with SIGSTOP; the lock itself is FileShare.None on every system
        }

        using var folder = new TempFolder();
        var run = folder.File("run");
        var checkpoint = Path.Combine(run, "checkpoint");
        using var first = CliProcess.Start(Train(run, 1_000_000));
        first.WaitUntil(() => File.Exists(checkpoint), Patience, "first checkpoint");
        first.Signal("STOP"); // frozen while holding the lock: any change to the folder now is the second process's
        var before = Snapshot(run);

        var (code, output) = CliProcess.Run([.. Train(run, 1_000_000), "--resume", checkpoint], Patience);

        Assert.Equal(CliApplication.FailureExitCode, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"--save-path '{run}' is in use by another run (PID {first.Id} on {Environment.MachineName}, since ", line, StringComparison.Ordinal);
        Assert.Contains("nothing was written", line, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(run));

        first.Kill(); // SIGKILL: the lock goes with the process, its holder file stays behind
        long step = CheckpointStep(checkpoint);
        var resumed = CliHarness.Run(CommandHandlers.Default, [.. Train(run, (int)step + 1), "--resume", checkpoint]);

        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Output);
        Assert.Contains($"took over the lock of PID {first.Id} on ", File.ReadAllText(Path.Combine(run, RunLogging.FileName)), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run, RunFolderLock.HolderFileName)), "a run that ends cleanly removes its holder file");
    }

    [Fact]
    public void The_lock_names_its_holder_refuses_a_second_holder_and_is_free_again_after_release()
    {
        using var folder = new TempFolder();
        using (var held = RunFolderLock.Acquire(folder.Path))
        {
            Assert.Null(held.PreviousHolder);
            var e = Assert.Throws<RunFolderLockedException>(() => RunFolderLock.Acquire(folder.Path));
            Assert.Equal(Environment.ProcessId, e.Holder?.ProcessId);
            Assert.Equal(held.Holder, e.Holder);
        }

        using var again = RunFolderLock.Acquire(folder.Path);
        Assert.Null(again.PreviousHolder);
    }

    [Fact]
    public void A_holder_file_without_a_lock_is_a_dead_holder_whose_lock_is_taken_over()
    {
        using var folder = new TempFolder();
        var dead = new RunFolderHolder(999_999, "elsewhere", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        File.WriteAllText(Path.Combine(folder.Path, RunFolderLock.HolderFileName), $"pid=999999\nhost=elsewhere\nsince=2026-12-01T08:00:00.0000000Z\n");

        using var taken = RunFolderLock.Acquire(folder.Path);

        Assert.Equal(dead, taken.PreviousHolder);
        Assert.Equal(taken.Holder, RunFolderLock.ReadHolder(folder.Path));
        Assert.Equal("PID 999999 on elsewhere, since 2026-12-01 08:00:00 UTC", dead.ToString());
    }

    /// <summary>Every file of the folder with its length, modification time and SHA-256 (not of the lock file, which cannot be read while held).</summary>
    private static string[] Snapshot(string folder) =>
        Directory.GetFiles(folder).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O} {(Path.GetFileName(f) == RunFolderLock.FileName ? "locked" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))}")
            .ToArray();

    internal static long CheckpointStep(string checkpoint)
    {
        using var model = DatasetInputs.CreateModel("small-cnn", 10, 1);
        return MetaSemi.Checkpoint.LoadModel(checkpoint, model).Step;
    }
}
