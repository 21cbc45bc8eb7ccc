using System.Globalization;
using MetaSemi.Comparison;

namespace MetaSemi.Tests.Core.Comparison;

/// <summary>
/// The library's run comparison on folders the trainer itself wrote (the path a library user takes, without the
/// CLI): methods named from options.json, seeds grouped, errors equal to a reading of metrics.csv by hand.
/// </summary>
public sealed class RunComparisonTests
{
    [Fact]
    public async Task Runs_the_trainer_wrote_group_into_methods_whose_errors_are_those_of_their_metrics_files()
    {
        using var root = TrainerTestKit.TemporaryFolder();
        var (train, test) = SyntheticProblems.TwoMoons(seed: 2, labelsPerClass: 8, unlabeled: 64, test: 20, batchSize: 8);
        foreach (var (name, seed) in new[] { ("metasemi-seed1", 1), ("metasemi-seed2", 2) })
        {
            using var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(seed), train, test, seed)
                .WithMixup(1.0).WithEvaluation(2).WithCheckpoints(Path.Combine(root, name)).Build();
            await trainer.FitAsync(4);
        }

        using (var trainer = SemiSupervisedTrainer.Create().WithModel(TrainerTestKit.Mlp(3)).WithData(train, test).WithSeed(3)
            .WithOptimizer(0.05, 0.9, 1e-4).UseSupervised(o => o.Mixup.Enabled = false).WithEvaluation(2).WithCheckpoints(Path.Combine(root, "supervised-seed1")).Build())
        {
            await trainer.FitAsync(4);
        }

        var comparison = RunComparison.Read([root]);

        Assert.Equal(["metasemi-seed1", "metasemi-seed2", "supervised-seed1"], comparison.Runs.Select(r => r.Name));
        Assert.Equal(["MetaSemi (finite difference, mixup)", "supervised (no mixup)"], comparison.Methods.Select(m => m.Method));
        var metaSemi = comparison.Methods[0];
        double[] errors = [1 - LastTestAccuracy(Path.Combine(root, "metasemi-seed1")), 1 - LastTestAccuracy(Path.Combine(root, "metasemi-seed2"))];
        Assert.Equal(errors, metaSemi.FinalErrors);
        Assert.Equal((errors[0] + errors[1]) / 2, metaSemi.MeanError, 15);
        Assert.Equal(Math.Abs(errors[0] - errors[1]) / Math.Sqrt(2), metaSemi.ErrorStandardDeviation, 15);
        Assert.All(comparison.Runs, r => Assert.Equal(4, r.Steps));
        Assert.All(comparison.Runs, r => Assert.True(r.TimedBySteps && r.TrainingSeconds > 0, r.Name));

        var markdown = comparison.ToMarkdown();
        Assert.Contains("| supervised (no mixup) | 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"| MetaSemi (finite difference, mixup) | 2 | {100 * metaSemi.MeanError:F2} ± {100 * metaSemi.ErrorStandardDeviation:F2} % |"), markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_runs_is_refused_with_its_name()
    {
        using var root = TrainerTestKit.TemporaryFolder();
        Directory.CreateDirectory(Path.Combine(root, "empty"));

        var error = Assert.Throws<InvalidDataException>(() => RunComparison.Read([root]));
        Assert.Contains($"'{root.Path}' holds no metrics.csv", error.Message, StringComparison.Ordinal);
        var missing = Path.Combine(root, "missing");
        Assert.Contains(missing, Assert.Throws<DirectoryNotFoundException>(() => RunComparison.Read([missing])).Message, StringComparison.Ordinal);
    }

    /// <summary>The last non-empty test/accuracy cell of a metrics.csv, read by splitting its lines.</summary>
    private static double LastTestAccuracy(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "metrics.csv"));
        int column = Array.IndexOf(lines[0].Split(','), "test/accuracy");
        return lines.Skip(1).Select(l => l.Split(',')[column]).Where(c => c.Length > 0)
            .Select(c => double.Parse(c, CultureInfo.InvariantCulture)).Last();
    }
}
