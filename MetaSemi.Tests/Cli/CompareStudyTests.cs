using System.Globalization;
using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Comparison;
using MetaSemi.Comparison;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// <c>metasemi compare</c> on run folders as the label-efficiency study writes them (options.json, args.json,
/// metrics.csv with step times, load.txt, done): method names from the records, label counts and the ceiling,
/// mean ± sd, wall time, load, and the two pictures of the study.
/// </summary>
public sealed class CompareStudyTests
{
    private const string Cosine = "cosine";
    private const string Step = "step";

    private static readonly object SupervisedMixup = new { Mixup = new { Enabled = true, Alpha = 1.0 } };
    private static readonly object FixMatchPlain = new { Threshold = 0.95, MetaCorrection = "None", UnlabeledRatio = 2 };

    private static object MetaSemiOptions(string method, bool mixup) =>
        new { MetaGradient = new { Method = method, Epsilon = 0.01 }, Mixup = new { Enabled = mixup, Alpha = 1.0 } };

    /// <summary>
    /// A run folder: options.json with the algorithm, its options and the learning-rate recipe as the trainer writes
    /// them; args.json with the flags; metrics.csv with one row per step (time/data, time/compute, and test/accuracy
    /// at the steps given); load.txt and done when given.
    /// </summary>
    private static string WriteRun(
        TempFolder root, string name, string algorithm, object algorithmOptions, string schedule, int labels,
        (long Step, double Accuracy)[] evaluations, double dataSeconds = 0.5, double computeSeconds = 1.0,
        string[]? load = null, string? done = null, string dataset = "fashion-mnist")
    {
        var folder = Path.Combine(root.Path, name);
        bool cosine = schedule == Cosine;
        double lr = cosine ? 0.03 : 0.1;
        int warmup = cosine ? 0 : 250;
        MetaSemi.RunOptionsFile.Write(folder, new
        {
            Algorithm = algorithm,
            AlgorithmOptions = algorithmOptions,
            Options = new
            {
                Optimizer = new { LearningRate = lr, Momentum = 0.9, WeightDecay = 0.0005, Nesterov = cosine },
                Schedule = new { Kind = cosine ? "WarmupCosine" : "WarmupMultiStep", WarmupSteps = warmup, Milestones = cosine ? new[] { 300000, 350000 } : [1875], Gamma = 0.1, TotalSteps = 2500 },
            },
            LearningRateSchedule = cosine
                ? "WarmupCosineSchedule { WarmupSteps = 0, TotalSteps = 2500, StepsPerEpoch = 1 }"
                : "WarmupMultiStepSchedule { WarmupSteps = 250, Milestones = System.Collections.Generic.List`1[System.Int64], Gamma = 0.1 }",
        });
        File.WriteAllText(Path.Combine(folder, "args.json"), FormattableString.Invariant(
            $$"""{ "dataset": "{{dataset}}", "num-label": {{labels}}, "algorithm": "{{algorithm}}", "lr": {{lr}}, "lr-schedule": "{{schedule}}", "meta-gradient": "finite-difference", "seed": 1 }"""));
        long last = evaluations.Max(e => e.Step);
        var lines = new List<string> { $"step,{MetricNames.DataSeconds},{MetricNames.ComputeSeconds},{MetricNames.TestAccuracy}" };
        for (long step = 1; step <= last; step++)
        {
            var evaluation = evaluations.Where(e => e.Step == step).Select(e => e.Accuracy.ToString("R", CultureInfo.InvariantCulture)).FirstOrDefault() ?? string.Empty;
            lines.Add(FormattableString.Invariant($"{step},{dataSeconds},{computeSeconds},{evaluation}"));
        }

        File.WriteAllLines(Path.Combine(folder, "metrics.csv"), lines);
        if (load is not null)
        {
            File.WriteAllLines(Path.Combine(folder, "load.txt"), load);
        }

        if (done is not null)
        {
            File.WriteAllText(Path.Combine(folder, "done"), done + "\n");
        }

        return folder;
    }

    /// <summary>The study's kinds of run: two recipes of supervised, MetaSemi's ablation, FixMatch with and without meta-correction, two label counts and the ceiling.</summary>
    private static void WriteStudy(TempFolder root)
    {
        WriteRun(root, "250-supervised-seed1", "supervised", SupervisedMixup, Cosine, 250, [(2, 0.60), (4, 0.62)]);
        WriteRun(root, "250-supervised-paper-recipe-seed1", "supervised", SupervisedMixup, Step, 250, [(2, 0.61), (4, 0.63)]);
        WriteRun(root, "250-metasemi-seed1", "metasemi", MetaSemiOptions("FiniteDifference", true), Step, 250, [(4, 0.64)]);
        WriteRun(root, "250-metasemi-no-mixup-seed1", "metasemi", MetaSemiOptions("FiniteDifference", false), Step, 250, [(4, 0.65)]);
        WriteRun(root, "250-metasemi-none-no-mixup-seed1", "metasemi", MetaSemiOptions("None", false), Step, 250, [(4, 0.66)]);
        WriteRun(root, "250-metasemi-exact-seed1", "metasemi", MetaSemiOptions("Exact", true), Step, 250, [(4, 0.67)]);
        // FixMatch, two seeds: final accuracies 0.70 and 0.76, best 0.72 and 0.76; 4 steps of 0.5 + 1.0 s = 6 s each.
        WriteRun(root, "250-fixmatch-seed1", "fixmatch", FixMatchPlain, Cosine, 250, [(2, 0.72), (4, 0.70)],
            load: ["start 2026-12-01T10:00:00Z load 1.00 1.00 1.00", "during 2026-12-01T10:01:00Z load 2.00 1.50 1.00",
                "end   2026-12-01T10:01:30Z (stopped by hand to change another run; checkpoint written)",
                "start 2026-12-01T10:02:00Z load 9.00 1.00 1.00 (resume)", "during 2026-12-01T10:03:00Z load 4.00 2.00 1.00",
                "end   2026-12-01T10:03:10Z load 9.00 3.00 1.00 exit 0 after 70 s"],
            done: "600");
        WriteRun(root, "250-fixmatch-seed2", "fixmatch", FixMatchPlain, Cosine, 250, [(2, 0.74), (4, 0.76)],
            load: ["start 2026-12-01T11:00:00Z load 3.00 1.00 1.00", "during 2026-12-01T11:01:00Z load 5.00 1.00 1.00",
                "end   2026-12-01T11:01:10Z load 7.00 1.00 1.00 exit 0 after 70 s"],
            done: "660");
        WriteRun(root, "250-fixmatch-meta-seed1", "fixmatch", new { Threshold = 0.95, MetaCorrection = "FiniteDifference", UnlabeledRatio = 2 }, Cosine, 250, [(4, 0.71)]);
        WriteRun(root, "1000-fixmatch-seed1", "fixmatch", FixMatchPlain, Cosine, 1000, [(4, 0.80)]);
        WriteRun(root, "60000-all-labels-seed1", "supervised", SupervisedMixup, Cosine, 60000, [(4, 0.90)]);
    }

    private static IReadOnlyList<MethodSummary> Read(TempFolder root) =>
        MethodSummary.Group(Directory.GetDirectories(root.Path).Order(StringComparer.Ordinal).Select(RunSummary.Read));

    [Fact]
    public void Methods_are_named_from_the_records_per_label_count_with_the_lr_recipe_only_where_it_tells_two_apart()
    {
        using var root = new TempFolder();
        WriteStudy(root);

        var methods = Read(root);

        // Folders in name order ("1000-…" < "250-…" < "60000-…"); methods by label count, the ceiling last, then first appearance.
        Assert.Equal(
            [
                "250 FixMatch + meta-correction",
                "250 FixMatch",
                "250 MetaSemi (exact, mixup)",
                "250 MetaSemi (finite difference, no mixup)",
                "250 MetaSemi (no meta-gradient, no mixup)",
                "250 MetaSemi (finite difference, mixup)",
                "250 supervised (mixup, step lr)",
                "250 supervised (mixup, cosine lr)",
                "1000 FixMatch",
                "60000 supervised (mixup, cosine lr) ceiling",
            ],
            methods.Select(m => FormattableString.Invariant($"{m.LabelCount} {m.Method}{(m.IsCeiling ? " ceiling" : string.Empty)}")));
        Assert.Equal(["250-fixmatch-seed1", "250-fixmatch-seed2"], methods[1].Runs.Select(r => r.Name));
    }

    [Fact]
    public void Two_recipes_of_one_kind_are_told_apart_by_the_first_facet_that_differs()
    {
        LearningRateRecipe Recipe(string lr) => new(["cosine lr", $"lr {lr}", "warm-up 0", string.Empty, string.Empty, "Nesterov", "momentum 0.9", "weight decay 0.0005"]);
        var fast = new MethodIdentity("FixMatch", [], Recipe("0.1"), "fixmatch-fast");
        var slow = new MethodIdentity("FixMatch", [], Recipe("0.03"), "fixmatch");
        var alone = new MethodIdentity("MetaSemi", ["exact"], Recipe("0.1"), "metasemi");

        var names = MethodNames.Assign([fast, slow, alone]);

        Assert.Equal("FixMatch (lr 0.1)", names[fast.Key]);
        Assert.Equal("FixMatch (lr 0.03)", names[slow.Key]);
        Assert.Equal("MetaSemi (exact)", names[alone.Key]);
    }

    [Fact]
    public void Two_folders_of_one_label_count_with_the_same_records_stay_two_methods_named_by_their_folders()
    {
        using var root = new TempFolder();
        WriteRun(root, "250-fixmatch-seed1", "fixmatch", FixMatchPlain, Cosine, 250, [(4, 0.70)]);
        WriteRun(root, "250-fixmatch-again-seed1", "fixmatch", FixMatchPlain, Cosine, 250, [(4, 0.60)]);
        WriteRun(root, "1000-fixmatch-seed1", "fixmatch", FixMatchPlain, Cosine, 1000, [(4, 0.80)]);

        var methods = Read(root);

        Assert.Equal(["FixMatch [fixmatch-again]", "FixMatch [fixmatch]", "FixMatch"], methods.Select(m => m.Method));
    }

    [Fact]
    public void Compare_writes_the_study_table_with_mean_sd_wall_time_and_load_and_both_new_pictures()
    {
        using var root = new TempFolder();
        WriteStudy(root);
        var output = Path.Combine(root.Path, "out");
        var markdown = Path.Combine(output, "table.md");

        var result = CliHarness.Run(CommandHandlers.Default, "compare", root.Path, "--save-path", Path.Combine(output, "study.png"), "--markdown", markdown);

        Assert.True(result.ExitCode == 0, result.Error);
        var text = File.ReadAllText(markdown);
        var rows = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith('|')).ToArray();
        Assert.Equal(2 + 10, rows.Length);
        // FixMatch at 250: final errors 0.30, 0.24 → 27.00 ± 0.06/√2 = 4.24 %; best errors 0.28, 0.24 → 26.00 ± 0.04/√2 = 2.83 %;
        // done 600 and 660 s → 630 s = 10.5 min; 4 × (0.5 + 1.0) s = 6 s; load: during lines (2 + 4)/2 = 3 and 5 → 4.00.
        Assert.Contains("| 250 | FixMatch | 2 | 27.00 ± 4.24 % | 24.00 – 30.00 % | 26.00 ± 2.83 % | 4 | 10.5 min | 6 s | 4.00 |", rows);
        Assert.Contains("| 250 | supervised (mixup, step lr) | 1 | 37.00 % | – | 37.00 % | 4 | n/a (no done) | 6 s | n/a (no load.txt) |", rows);
        Assert.Contains("| 1000 | FixMatch | 1 | 20.00 % | – | 20.00 % | 4 | n/a (no done) | 6 s | n/a (no load.txt) |", rows);
        Assert.Equal("| 60000 (all) | supervised (mixup, cosine lr) | 1 | 10.00 % | – | 10.00 % | 4 | n/a (no done) | 6 s | n/a (no load.txt) |", rows[^1]);
        Assert.Contains("labels 'N (all)': every training label", text, StringComparison.Ordinal);
        Assert.Contains("wall time: the seconds in each run's done file", text, StringComparison.Ordinal);

        PngAssert.IsPng(Path.Combine(output, "study.png"), 1100, 650);
        PngAssert.IsPng(Path.Combine(output, "study-label-efficiency.png"), 1100, 650);
        PngAssert.IsPng(Path.Combine(output, "study-accuracy-vs-time.png"), 1100, 650);
        Assert.True(new FileInfo(Path.Combine(output, "study-label-efficiency.png")).Length > 10_000);
        Assert.True(new FileInfo(Path.Combine(output, "study-accuracy-vs-time.png")).Length > 10_000);
        // 250 labels has the most runs (10 of them): the default of the accuracy-vs-time picture.
        Assert.Contains("accuracy-vs-time picture (runs with 250 labels)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_draws_the_label_efficiency_picture_for_one_label_count_and_the_time_picture_where_told()
    {
        using var root = new TempFolder();
        WriteRun(root, "250-fixmatch-seed1", "fixmatch", FixMatchPlain, Cosine, 250, [(4, 0.70)]);
        WriteRun(root, "250-supervised-seed1", "supervised", SupervisedMixup, Cosine, 250, [(4, 0.60)]);
        WriteRun(root, "4000-supervised-seed1", "supervised", SupervisedMixup, Cosine, 4000, [(4, 0.85)]);
        var efficiency = root.File("efficiency.png");
        var time = root.File("time.png");

        var result = CliHarness.Run(CommandHandlers.Default, "compare", root.Path, "--save-path", root.File("c.png"),
            "--label-efficiency", efficiency, "--accuracy-vs-time", time, "--labels", "4000");

        Assert.True(result.ExitCode == 0, result.Error);
        PngAssert.IsPng(efficiency, 1100, 650);
        PngAssert.IsPng(time, 1100, 650);
        Assert.Contains("accuracy-vs-time picture (runs with 4000 labels)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_refuses_a_label_count_no_run_has_naming_the_counts_there_are()
    {
        using var root = new TempFolder();
        WriteRun(root, "250-fixmatch-seed1", "fixmatch", FixMatchPlain, Cosine, 250, [(4, 0.70)]);
        WriteRun(root, "60000-all-labels-seed1", "supervised", SupervisedMixup, Cosine, 60000, [(4, 0.90)]);

        var result = CliHarness.Run(CommandHandlers.Default, "compare", root.Path, "--save-path", root.File("c.png"), "--labels", "1000");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--labels 1000: no run has 1000 labels; the runs have 250, 60000.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_refuses_a_named_label_efficiency_picture_when_no_run_records_its_label_count()
    {
        using var root = new TempFolder();
        var folder = Path.Combine(root.Path, "run-seed1");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "metrics.csv"), ["step,test/accuracy", "1,0.5"]);

        var result = CliHarness.Run(CommandHandlers.Default, "compare", root.Path, "--save-path", root.File("c.png"), "--label-efficiency", root.File("e.png"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--label-efficiency", result.Error, StringComparison.Ordinal);
        Assert.Contains("no run records its label count (args.json's num-label)", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(root.File("e.png")));
    }

    [Fact]
    public void Evaluation_seconds_are_the_step_times_summed_up_to_each_evaluation()
    {
        using var root = new TempFolder();
        var folder = Path.Combine(root.Path, "r");
        Directory.CreateDirectory(folder);
        // Steps 1–4: data 0.1, 0.2, (empty), 0.4 s; compute 1, 2, 3, 4 s; evaluations at steps 2 and 4.
        File.WriteAllLines(Path.Combine(folder, "metrics.csv"),
            ["step,time/data,time/compute,test/accuracy", "1,0.1,1,", "2,0.2,2,0.5", "3,,3,", "4,0.4,4,0.6"]);

        var run = RunSummary.Read(folder);

        // 0.1 + 1 + 0.2 + 2 = 3.3 s at step 2; + 3 + 0.4 + 4 = 10.7 s at step 4.
        Assert.Equal(2, run.EvaluationSeconds.Length);
        Assert.Equal(3.3, run.EvaluationSeconds[0], 12);
        Assert.Equal(10.7, run.EvaluationSeconds[1], 12);
        Assert.Equal(10.7, run.TrainingSeconds, 12);
    }

    [Fact]
    public void The_default_label_count_of_the_time_picture_has_the_most_runs_the_smallest_of_a_tie_never_the_ceiling()
    {
        static MethodSummary At(int labels, int runs, bool ceiling = false)
        {
            var identity = new MethodIdentity("m", [], null, "m");
            return new MethodSummary("m", [.. Enumerable.Range(0, runs).Select(i => new RunSummary($"r{i}", identity, [1], [0.5], 1, 1))])
            {
                LabelCount = labels,
                IsCeiling = ceiling,
            };
        }

        Assert.Equal(1000, AccuracyVsTimePlot.DefaultLabelCount([At(250, 1), At(1000, 3), At(60000, 5, ceiling: true)]));
        Assert.Equal(250, AccuracyVsTimePlot.DefaultLabelCount([At(1000, 2), At(250, 2), At(60000, 5, ceiling: true)]));
        Assert.Equal(60000, AccuracyVsTimePlot.DefaultLabelCount([At(60000, 1, ceiling: true)]));
    }

    [Fact]
    public void Load_is_the_mean_of_the_during_samples_else_of_start_and_end_and_a_bad_line_names_the_file_and_line()
    {
        using var root = new TempFolder();
        var during = root.Write("during.txt", "start 2026-12-01T10:00:00Z load 8.00 1 1\nduring 2026-12-01T10:01:00Z load 1.50 1 1\nduring 2026-12-01T10:02:00Z load 2.25 1 1\nend   2026-12-01T10:02:30Z load 8.00 1 1 exit 0 after 150 s\n");
        var shortRun = root.Write("short.txt", "start 2026-12-01T10:00:00Z load 1.00 1 1\nend   2026-12-01T10:00:30Z load 2.00 1 1 exit 0 after 30 s\n");
        var bad = root.Write("bad.txt", "start 2026-12-01T10:00:00Z load 1.00 1 1\nload 2.00\n");

        Assert.Equal(1.875, LoadLog.MeanLoad(during), 12);
        Assert.Equal(1.5, LoadLog.MeanLoad(shortRun), 12);
        Assert.True(double.IsNaN(LoadLog.MeanLoad(root.File("missing.txt"))));
        var error = Assert.Throws<InvalidDataException>(() => LoadLog.MeanLoad(bad));
        Assert.Contains("bad.txt line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_done_file_that_is_not_a_number_is_an_error_naming_it()
    {
        using var root = new TempFolder();
        var done = root.Write("done", "soon\n");

        var error = Assert.Throws<InvalidDataException>(() => RunSummary.ReadDone(done));

        Assert.Contains(done, error.Message, StringComparison.Ordinal);
        Assert.Equal(615, RunSummary.ReadDone(root.Write("done2", "615\n")));
    }
}
