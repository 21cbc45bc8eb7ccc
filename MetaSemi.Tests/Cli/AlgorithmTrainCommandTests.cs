using System.Globalization;
using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;

namespace MetaSemi.Tests.Cli;

/// <summary><c>metasemi train --algorithm NAME</c> end to end: the streams are made for what the algorithm reads.</summary>
public sealed class AlgorithmTrainCommandTests
{
    [Theory]
    [InlineData("fixmatch", 3)]
    [InlineData("meanteacher", 1)]
    public void Train_with_an_algorithm_that_needs_other_views_or_mu_runs_and_records_its_metrics(string algorithm, int mu)
    {
        using var folder = new TempFolder();
        string run = folder.File("run");
        var result = CliHarness.Run(CommandHandlers.Default,
            "train", "--algorithm", algorithm, "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "-a", "small-cnn",
            "--batch-size", "4", "--num-label", "20", "--total-steps", "3", "--test-freq", "3", "--print-freq", "1", "--warmup", "0",
            "--milestones", "100", "--lr", "0.03", "--seed", "3", "--unlabeled-ratio", mu.ToString(CultureInfo.InvariantCulture), "--save-path", run);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);

        // One row per step; the unlabelled loss is there and finite, and the step saw (1 + μ)·B images per step.
        var metrics = MetricsCsvReader.Read(Path.Combine(run, MetricsCsvWriter.FileName));
        Assert.Equal([1L, 2, 3], metrics.Steps);
        var (_, unlabelLoss) = metrics.Series(MetricNames.UnlabelLoss);
        Assert.Equal(3, unlabelLoss.Length);
        Assert.All(unlabelLoss, v => Assert.True(double.IsFinite(v) && v >= 0));
        Assert.Contains($"\"{algorithm}\"", File.ReadAllText(Path.Combine(run, "options.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_with_lr_schedule_cosine_and_nesterov_follows_half_a_cosine_and_records_both()
    {
        using var folder = new TempFolder();
        string run = folder.File("run");
        var result = CliHarness.Run(CommandHandlers.Default,
            "train", "--algorithm", "supervised", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "-a", "small-cnn",
            "--batch-size", "4", "--num-label", "20", "--total-steps", "4", "--test-freq", "4", "--print-freq", "1", "--warmup", "0",
            "--lr", "0.03", "--lr-schedule", "cosine", "--nesterov", "--seed", "3", "--save-path", run);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);

        // Step k trains at t = k − 1: lr/2·(1 + cos(π·t/T)) with T = 4 total steps.
        var (_, lr) = MetricsCsvReader.Read(Path.Combine(run, MetricsCsvWriter.FileName)).Series(MetricNames.LearningRate);
        double[] expected = [.. Enumerable.Range(0, 4).Select(t => 0.03 / 2 * (1 + Math.Cos(Math.PI * t / 4)))];
        Assert.Equal(expected.Length, lr.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], lr[i], 12);
        }

        string options = File.ReadAllText(Path.Combine(run, "options.json"));
        Assert.Contains("\"Nesterov\": true", options, StringComparison.Ordinal);
        Assert.Contains("\"WarmupCosine\"", options, StringComparison.Ordinal);
    }
}
