using System.Security.Cryptography;
using System.Text.Json;
using MetaSemi.Cli.Commands;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// Run identity (issue 23, item 1; docs/reliability.md, "Run identity"): a resume continues only the run its checkpoint
/// belongs to, in that run's folder; another run's checkpoint is refused before a byte is written, or forked into a new
/// run with <c>--init-from</c>. The refusals are checked on real <c>metasemi</c> processes.
/// </summary>
public sealed class RunIdentityTests(TwoRunsFixture runs) : IClassFixture<TwoRunsFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static string[] Train(string runFolder, int steps, int seed = 7) =>
        [.. ResumeExactnessTests.Arguments("train", "finite-difference", runFolder, steps).Select(a => a == "7" ? seed.ToString(System.Globalization.CultureInfo.InvariantCulture) : a)];

    private static string OptionsRunId(string folder)
    {
        using var options = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, RunOptionsFile.FileName)));
        return options.RootElement.GetProperty(RunOptionsFile.RunIdProperty).GetString()!;
    }

    // Every file of the folder (and below), by relative path, with a hash of its bytes.
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal)
            : [];

    private static string Refused((int ExitCode, string Output) result)
    {
        Assert.True(result.ExitCode == CliApplication.FailureExitCode, $"exit {result.ExitCode}: {result.Output}");
        return result.Output;
    }

    [Fact]
    public void A_fresh_run_writes_one_id_into_options_json_its_checkpoints_and_model_file_and_a_resume_keeps_it()
    {
        using var folder = new TempFolder();
        var run = runs.CopyA(folder.File("a"));
        var id = OptionsRunId(run);
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Equal(id, Checkpoint.ReadInfo(Path.Combine(run, "checkpoint")).RunId);
        Assert.Equal(id, Checkpoint.ReadInfo(Path.Combine(run, "model_best")).RunId);
        Assert.Equal(id, MetaSemi.Files.ModelFile.ReadDescription(Path.Combine(run, MetaSemi.Files.ModelFile.FileName)).Training!.RunId);
        Assert.NotEqual(id, OptionsRunId(runs.B));

        // --resume alone: --save-path is the checkpoint's folder.
        var resumed = CliHarness.Run(CommandHandlers.Default, [.. Train(run, 5).Where((_, i) => !IsSavePath(Train(run, 5), i)), "--resume", Path.Combine(run, "checkpoint")]);
        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Output);
        Assert.Equal(5, Checkpoint.ReadInfo(Path.Combine(run, "checkpoint")).Step);
        Assert.Equal(id, Checkpoint.ReadInfo(Path.Combine(run, "checkpoint")).RunId);
        Assert.Equal(id, OptionsRunId(run));
    }

    private static bool IsSavePath(string[] args, int i) => args[i] == "--save-path" || (i > 0 && args[i - 1] == "--save-path");

    [Fact]
    public void Resuming_run_a_checkpoint_into_run_b_folder_is_refused_and_both_folders_stay_byte_identical()
    {
        using var folder = new TempFolder();
        var a = runs.CopyA(folder.File("a"));
        var b = runs.CopyB(folder.File("b"));
        var (beforeA, beforeB) = (Snapshot(a), Snapshot(b));

        var output = Refused(CliProcess.Run([.. Train(b, 8, seed: 8), "--resume", Path.Combine(a, "checkpoint")], Timeout));

        Assert.Contains($"belongs to the run in '{Path.GetFullPath(a)}'", output, StringComparison.Ordinal);
        Assert.Contains("--init-from", output, StringComparison.Ordinal);
        Assert.Equal(beforeA, Snapshot(a));
        Assert.Equal(beforeB, Snapshot(b));
    }

    [Fact]
    public void Resuming_a_checkpoint_into_a_new_folder_with_other_settings_is_refused_and_creates_nothing()
    {
        using var folder = new TempFolder();
        var a = runs.CopyA(folder.File("a"));
        var fresh = folder.File("new");
        var before = Snapshot(a);

        var output = Refused(CliProcess.Run([.. Train(fresh, 8).Select(a => a == "0.05" ? "0.5" : a), "--resume", Path.Combine(a, "checkpoint")], Timeout));

        Assert.Contains("a resume continues a run in its own folder", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(fresh), $"{fresh} was created by a refused command");
        Assert.Equal(before, Snapshot(a));
    }

    [Fact]
    public void A_checkpoint_copied_into_another_run_folder_is_refused_naming_both_runs()
    {
        using var folder = new TempFolder();
        var a = runs.CopyA(folder.File("a"));
        var b = runs.CopyB(folder.File("b"));
        File.Copy(Path.Combine(a, "checkpoint"), Path.Combine(b, "checkpoint"), overwrite: true);
        var before = Snapshot(b);

        var output = Refused(CliProcess.Run([.. Train(b, 8, seed: 8), "--resume", Path.Combine(b, "checkpoint")], Timeout));

        Assert.Contains($"was written by run {OptionsRunId(a)}", output, StringComparison.Ordinal);
        Assert.Contains($"records run {OptionsRunId(b)}", output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(b));
    }

    [Fact]
    public void Init_from_forks_another_run_into_a_new_run_that_records_where_it_came_from()
    {
        using var folder = new TempFolder();
        var a = runs.CopyA(folder.File("a"));
        var fork = folder.File("fork");
        var result = CliHarness.Run(CommandHandlers.Default, [.. Train(fork, 2), "--init-from", Path.Combine(a, "checkpoint")]);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);

        var id = OptionsRunId(fork);
        Assert.NotEqual(OptionsRunId(a), id);
        var checkpoint = Checkpoint.ReadInfo(Path.Combine(fork, "checkpoint"));
        Assert.Equal((2L, id), (checkpoint.Step, checkpoint.RunId));
        using (var args = JsonDocument.Parse(File.ReadAllText(Path.Combine(fork, "args.json"))))
        {
            Assert.Equal(Path.Combine(a, "checkpoint"), args.RootElement.GetProperty("init-from").GetString());
        }

        var log = File.ReadAllText(Path.Combine(fork, "log.txt"));
        Assert.Contains($"Run {id} starts from the weights of {Path.Combine(a, "checkpoint")} (run {OptionsRunId(a)}, step 3)", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_and_init_from_together_are_refused_by_the_parser()
    {
        using var folder = new TempFolder();
        var a = runs.CopyA(folder.File("a"));
        var checkpoint = Path.Combine(a, "checkpoint");
        var result = CliHarness.Run(CommandHandlers.Default, [.. Train(a, 5), "--resume", checkpoint, "--init-from", checkpoint]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("exclude each other", result.Error, StringComparison.Ordinal);
    }
}

/// <summary>Two three-step runs with different seeds (so different ids), trained once for the class.</summary>
public sealed class TwoRunsFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public TwoRunsFixture()
    {
        A = _folder.File("a");
        B = _folder.File("b");
        Train(A, "7");
        Train(B, "8");
    }

    public string A { get; }

    public string B { get; }

    public string CopyA(string destination) => Copy(A, destination);

    public string CopyB(string destination) => Copy(B, destination);

    public void Dispose() => _folder.Dispose();

    private static void Train(string folder, string seed)
    {
        var args = ResumeExactnessTests.Arguments("train", "finite-difference", folder, 3).Select(a => a == "7" ? seed : a);
        var result = CliHarness.Run(CommandHandlers.Default, [.. args]);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
    }

    private static string Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        return destination;
    }
}
