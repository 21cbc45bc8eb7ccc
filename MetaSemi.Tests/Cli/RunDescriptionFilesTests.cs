using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Files;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// The files that describe a run (issue 17, defects 4 and 8): <c>label_indices.txt</c> and <c>args.json</c> are written
/// once, atomically, at the start of a fresh run, checked and left untouched on resume, and every problem with them
/// or with a given index file is one line that names the file.
/// </summary>
public sealed class RunDescriptionFilesTests(ThreeStepRunFixture threeSteps) : IClassFixture<ThreeStepRunFixture>
{
    private static string[] Train(string runFolder, int steps) => ResumeExactnessTests.Arguments("train", "finite-difference", runFolder, steps);

    private static string Resume(string runFolder) => Path.Combine(runFolder, "checkpoint");

    private static void Succeeds(CliResult result) => Assert.True(result.ExitCode == 0, result.Error + result.Output);

    private static string FailsWithOneLine(CliResult result)
    {
        Assert.True(result.ExitCode == CliApplication.FailureExitCode, $"exit {result.ExitCode}: {result.Error}{result.Output}");
        return Assert.Single(result.ErrorLines);
    }

    [Fact]
    public void A_resume_leaves_label_indices_and_args_json_as_the_fresh_run_wrote_them()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var files = new[] { LabelIndicesFile.FileName, CommandOptionsJson.FileName }.Select(n => Path.Combine(run, n)).ToArray();
        var before = files.Select(f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f))).ToArray();
        Thread.Sleep(20); // a rewrite would show in the modification time

        Succeeds(CliHarness.Run(CommandHandlers.Default, [.. Train(run, 6), "--resume", Resume(run)]));

        for (int i = 0; i < files.Length; i++)
        {
            Assert.Equal(before[i].Item1, File.ReadAllBytes(files[i]));
            Assert.True(before[i].Item2 == File.GetLastWriteTimeUtc(files[i]), $"{files[i]} was rewritten by the resume");
        }

        Assert.Empty(Directory.GetFiles(run, "*" + AtomicFile.TemporarySuffix));
    }

    [Fact]
    public void A_shortened_label_indices_file_stops_the_resume_naming_the_file_and_the_counts()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var labels = Path.Combine(run, LabelIndicesFile.FileName);
        File.WriteAllLines(labels, File.ReadAllLines(labels).Take(50));

        var line = FailsWithOneLine(CliHarness.Run(CommandHandlers.Default, [.. Train(run, 6), "--resume", Resume(run)]));

        Assert.Contains($"{labels}: holds 50 labelled indices, but the run asks for 100 (--num-label 100)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_label_indices_file_stops_the_resume_naming_the_file()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var labels = Path.Combine(run, LabelIndicesFile.FileName);
        File.WriteAllText(labels, string.Empty);

        var line = FailsWithOneLine(CliHarness.Run(CommandHandlers.Default, [.. Train(run, 6), "--resume", Resume(run)]));

        Assert.Contains($"{labels}: holds no index", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10000, "item 100: labelled index 10000 is outside the training set of 10000 images")]
    [InlineData(-1, "item 100: '-1' is not a non-negative integer index")]
    [InlineData(0, "item 100: labelled index 0 appears twice (first at item ")]
    public void A_bad_index_in_a_given_file_is_named_with_the_file_and_its_place(int last, string expected)
    {
        using var folder = new TempFolder();
        var given = folder.File("given.txt");
        var indices = Enumerable.Range(0, 99).Select(i => i * 100 + 1).Append(last);
        if (last == 0)
        {
            indices = Enumerable.Range(0, 99).Select(i => i * 100).Append(0);
        }

        File.WriteAllLines(given, indices.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var line = FailsWithOneLine(CliHarness.Run(CommandHandlers.Default, [.. Train(folder.File("run"), 3), "--label-indices", given]));

        Assert.Contains($"{given}: {expected}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resume_that_changes_a_recorded_option_names_args_json_and_the_option()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var args = Train(run, 6);
        args[Array.IndexOf(args, "--lr") + 1] = "0.1";

        var line = FailsWithOneLine(CliHarness.Run(CommandHandlers.Default, [.. args, "--resume", Resume(run)]));

        Assert.Contains($"'{Path.Combine(run, CommandOptionsJson.FileName)}' records --lr 0.05 (this resume: 0.1)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fresh_run_into_a_folder_holding_a_checkpoint_is_refused_and_says_how_to_resume()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var checkpoint = File.ReadAllBytes(Resume(run));

        var line = FailsWithOneLine(CliHarness.Run(CommandHandlers.Default, Train(run, 3)));

        Assert.Contains($"--resume '{Resume(run)}'", line, StringComparison.Ordinal);
        Assert.Equal(checkpoint, File.ReadAllBytes(Resume(run)));
    }

    [Fact]
    public void A_switch_given_a_number_in_a_config_file_names_the_key_and_the_file()
    {
        using var folder = new TempFolder();
        var config = folder.Write("c.json", """{ "mix-up": 1 }""");

        var result = new CliHarness().Run("train", "--config", config);

        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains($"--config '{config}': 'mix-up' is 1; expected true or false", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_atomic_write_whose_content_fails_leaves_the_old_file_and_no_temporary()
    {
        using var folder = new TempFolder();
        var path = folder.Write("args.json", "old");

        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, half"u8);
            throw new InvalidOperationException("killed");
        }));

        Assert.Equal("killed", e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        AtomicFile.DeleteLeftovers(folder.Path);
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void An_error_that_ends_a_run_reaches_log_txt_as_well_as_the_console()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var labels = Path.Combine(run, LabelIndicesFile.FileName);
        File.WriteAllText(labels, string.Empty);

        var line = FailsWithOneLine(CliHarness.Run(CommandHandlers.Default, [.. Train(run, 6), "--resume", Resume(run)]));

        var log = File.ReadAllLines(Path.Combine(run, MetaSemi.Cli.Running.RunLogging.FileName));
        Assert.Contains(log, l => l.Contains("Error MetaSemi.Cli.Failure: Run failed: ", StringComparison.Ordinal) && l.Contains($"{labels}: holds no index", StringComparison.Ordinal));
        Assert.Contains($"{labels}: holds no index", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loss_that_becomes_infinite_stops_the_run_with_its_message_in_log_txt()
    {
        using var folder = new TempFolder();
        var run = folder.File("run");
        var args = Train(run, 6);
        args[Array.IndexOf(args, "--lr") + 1] = "1e30";

        var line = FailsWithOneLine(CliHarness.Run(CommandHandlers.Default, args));

        var failure = Assert.Single(File.ReadAllLines(Path.Combine(run, MetaSemi.Cli.Running.RunLogging.FileName)), l => l.Contains("Run failed: ", StringComparison.Ordinal));
        Assert.Contains(line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..], failure, StringComparison.Ordinal);
    }
    [Fact]
    public void A_resume_with_total_steps_below_the_checkpoint_says_so_and_fails()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));

        var line = FailsWithOneLine(CliHarness.Run(CommandHandlers.Default, [.. Train(run, 2), "--resume", Resume(run)]));

        Assert.Contains($"--total-steps 2 is below the step of --resume '{Resume(run)}' (3): nothing was trained", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resume_with_total_steps_at_the_checkpoint_says_the_run_is_complete()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var checkpoint = File.ReadAllBytes(Resume(run));

        var result = CliHarness.Run(CommandHandlers.Default, [.. Train(run, 3), "--resume", Resume(run)]);

        Succeeds(result);
        Assert.Contains($"--resume '{Resume(run)}' is at step 3, which is --total-steps: the run is complete, nothing was trained.", result.Output, StringComparison.Ordinal);
        Assert.Equal(checkpoint, File.ReadAllBytes(Resume(run)));
    }
}

/// <summary>One 3-step <c>metasemi train</c> run, copied into each test's own folder (the runs are what takes time).</summary>
public sealed class ThreeStepRunFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public ThreeStepRunFixture()
    {
        RunFolder = _folder.File("run");
        Result = CliHarness.Run(CommandHandlers.Default, ResumeExactnessTests.Arguments("train", "finite-difference", RunFolder, 3));
    }

    public string RunFolder { get; }

    internal CliResult Result { get; }

    /// <summary>Copies the run folder's files to <paramref name="destination"/> (created) and returns it.</summary>
    public string CopyTo(string destination)
    {
        Assert.True(Result.ExitCode == 0, Result.Error + Result.Output);
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(RunFolder))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        return destination;
    }

    public void Dispose() => _folder.Dispose();
}
