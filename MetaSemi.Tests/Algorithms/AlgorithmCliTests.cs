using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;
using MetaSemi.Tests.Cli;

namespace MetaSemi.Tests.Algorithms;

/// <summary><c>metasemi train --algorithm NAME</c> with a field algorithm: its flags reach its options and the stream carries its views and μ.</summary>
public sealed class AlgorithmCliTests
{
    [Fact]
    public void Train_with_algorithm_fixmatch_streams_the_strong_view_at_its_mu_and_records_its_options_and_mask_ratio()
    {
        using var folder = new TempFolder();
        var runFolder = folder.File("fixmatch");
        var result = CliHarness.Run(CommandHandlers.Default, "train", "--algorithm", "fixmatch", "--unlabeled-ratio", "2", "--threshold", "0.6",
            "--meta-correction", "finite-difference", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "-a", "small-cnn",
            "--num-label", "50", "--batch-size", "8", "--total-steps", "2", "--test-freq", "2", "--save-path", runFolder);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "options.json")));
        Assert.Equal("fixmatch", json.RootElement.GetProperty("Algorithm").GetString());
        var options = json.RootElement.GetProperty("AlgorithmOptions");
        Assert.Equal(2, options.GetProperty("UnlabeledRatio").GetInt32());
        Assert.Equal(0.6, options.GetProperty("Threshold").GetDouble());
        Assert.Equal("FiniteDifference", options.GetProperty("MetaCorrection").GetString());
        string header = File.ReadLines(Path.Combine(runFolder, "metrics.csv")).First();
        Assert.Contains(MetricNames.MaskRatio, header, StringComparison.Ordinal);
        Assert.Contains(MetaTargetCorrection.ArgmaxChangedMetric, header, StringComparison.Ordinal);
    }
}
