using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Comparison;
using MetaSemi.Comparison;

namespace MetaSemi.Tests.Cli;

/// <summary><c>metasemi compare</c> on run folders without the study's records (no args.json, done, load.txt): grouping by seed suffix, statistics, times and the picture.</summary>
public sealed class CompareCommandTests
{
    private static void WriteRun(TempFolder root, string name, (long Step, double? Accuracy)[] rows, params string[] logLines)
    {
        var folder = Path.Combine(root.Path, name);
        Directory.CreateDirectory(folder);
        var lines = new List<string> { "step,train/lr,test/accuracy" };
        lines.AddRange(rows.Select(r => FormattableString.Invariant($"{r.Step},0.1,{r.Accuracy}")));
        File.WriteAllLines(Path.Combine(folder, "metrics.csv"), lines);
        if (logLines.Length > 0)
        {
            File.WriteAllLines(Path.Combine(folder, "log.txt"), logLines);
        }
    }

    private static string Start(string time, long step = 0) =>
        $"2026-11-25 {time} Information MetaSemi.SemiSupervisedTrainer: Training FiniteDifference from step {step} to 4 on cpu (seed 1, unlabelled data True, mixup True)";

    private static string Line(string time) => $"2026-11-25 {time} Information MetaSemi.SemiSupervisedTrainer: Step 2/4";

    [Fact]
    public void Compare_groups_seeds_into_methods_and_reports_mean_sd_range_best_steps_and_time()
    {
        using var root = new TempFolder();
        WriteRun(root, "baseline-seed1", [(1, null), (2, 0.70), (3, null), (4, 0.80)], Start("10:00:00.000"), Line("10:00:30.000"), Line("10:01:00.000"));
        WriteRun(root, "baseline-seed2", [(2, 0.74), (4, 0.76)], Start("11:00:00.000"), Line("11:02:00.000"));
        // A resumed run: two sessions of 60 s and 30 s; the 10-minute pause between them is not training.
        WriteRun(root, "meta-seed1", [(2, 0.60), (4, 0.90)], Start("12:00:00.000"), Line("12:01:00.000"), Start("12:11:00.000", 2), Line("12:11:30.000"));

        var markdown = root.File("table.md");
        var picture = root.File("comparison.png");
        var result = CliHarness.Run(CommandHandlers.Default, "compare", root.Path, "--save-path", picture, "--markdown", markdown);

        Assert.Equal(0, result.ExitCode);
        var rows = File.ReadAllLines(markdown).TakeWhile(l => l.StartsWith('|')).ToArray();
        Assert.Equal(4, rows.Length);

        // baseline: final errors 0.20 and 0.24 → mean 22.00 %, sd √0.0008 = 2.83 %; best errors 0.20 and 0.24 too; 60 s and 120 s → 90 s.
        // No args.json: no label count; no done, no load.txt: no wall time, no load.
        Assert.Equal("| – | baseline | 2 | 22.00 ± 2.83 % | 20.00 – 24.00 % | 22.00 ± 2.83 % | 4 | n/a (no done) | 90 s | n/a (no load.txt) |", rows[2]);
        Assert.Equal("| – | meta | 1 | 10.00 % | – | 10.00 % | 4 | n/a (no done) | 90 s | n/a (no load.txt) |", rows[3]);
        Assert.Contains("training time: between the trainer's first and last log line of each session in log.txt.", File.ReadAllText(markdown), StringComparison.Ordinal);
        Assert.Contains("no label-efficiency picture: no run records its label count", result.Output, StringComparison.Ordinal);
        PngAssert.IsPng(picture, 1100, 650);
    }

    [Fact]
    public void Compare_reads_the_method_from_options_json_and_the_time_from_the_metrics_not_from_names_or_logs()
    {
        using var root = new TempFolder();
        var options = new object[]
        {
            new { Algorithm = "supervised", AlgorithmOptions = new { Mixup = new { Enabled = false, Alpha = 1.0 } } },
            new { Algorithm = "metasemi", AlgorithmOptions = new { MetaGradient = new { Method = "Exact" }, Mixup = new { Enabled = true, Alpha = 1.0 } } },
        };
        foreach (var (name, description, seconds) in new[] { ("run-a", options[0], 3.0), ("run-b", options[1], 8.0) })
        {
            var folder = Path.Combine(root.Path, name);
            MetaSemi.RunOptionsFile.Write(folder, description);
            using var csv = new MetaSemi.MetricsCsvWriter(folder, 0);
            for (int step = 1; step <= 2; step++)
            {
                var values = new Dictionary<string, double>
                {
                    [MetaSemi.Algorithms.MetricNames.DataSeconds] = 0.25 * seconds,
                    [MetaSemi.Algorithms.MetricNames.ComputeSeconds] = 0.25 * seconds,
                };
                if (step == 2)
                {
                    values[MetaSemi.Algorithms.MetricNames.TestAccuracy] = 0.5;
                }

                csv.Append(step, values);
            }
        }

        var markdown = root.File("table.md");
        var result = CliHarness.Run(CommandHandlers.Default, "compare", root.Path, "--save-path", root.File("c.png"), "--markdown", markdown);

        Assert.True(result.ExitCode == 0, result.Error);
        var rows = File.ReadAllLines(markdown);
        Assert.Contains("| – | supervised (no mixup) | 1 | 50.00 % | – | 50.00 % | 2 | n/a (no done) | 3 s | n/a (no load.txt) |", rows);
        Assert.Contains("| – | MetaSemi (exact, mixup) | 1 | 50.00 % | – | 50.00 % | 2 | n/a (no done) | 8 s | n/a (no load.txt) |", rows);
    }

    [Fact]
    public void Mean_curve_uses_only_the_steps_every_run_evaluated()
    {
        var m = new MethodIdentity("m", [], null, "m");
        var a = new RunSummary("a", m, [100, 200, 300], [0.5, 0.6, 0.7], 300, double.NaN);
        var b = new RunSummary("b", m, [200, 300, 400], [0.2, 0.4, 0.9], 400, double.NaN);

        var (steps, mean) = ComparisonPlot.MeanCurve([a, b]);

        Assert.Equal([200.0, 300.0], steps);
        Assert.Equal(0.4, mean[0], 12);
        Assert.Equal(0.55, mean[1], 12);
    }

    [Fact]
    public void Compare_refuses_a_folder_without_runs_with_one_clear_line()
    {
        using var root = new TempFolder();
        var result = CliHarness.Run(CommandHandlers.Default, "compare", root.Path, "--save-path", root.File("x.png"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("holds no metrics.csv and no run folder that does", result.Error, StringComparison.Ordinal);
        Assert.Single(result.ErrorLines);
    }

    [Fact]
    public void Compare_refuses_a_run_that_never_evaluated()
    {
        using var root = new TempFolder();
        WriteRun(root, "r", [(1, null), (2, null)]);
        var result = CliHarness.Run(CommandHandlers.Default, "compare", Path.Combine(root.Path, "r"), "--save-path", root.File("x.png"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("never evaluated", result.Error, StringComparison.Ordinal);
    }
}
