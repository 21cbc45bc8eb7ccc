using System.Text.Json;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;

namespace MetaSemi.Tests.Cli;

/// <summary><c>metasemi train --algorithm NAME</c> with the flags generated from the algorithm's options, and <c>train-baseline</c> as the reference's baseline, end to end.</summary>
public sealed class AlgorithmFlagTests
{
    private static string[] Small(string runFolder) =>
        ["--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "-a", "small-cnn", "--num-label", "50", "--batch-size", "8",
         "--total-steps", "2", "--test-freq", "2", "--print-freq", "1", "--save-path", runFolder];

    private static JsonElement Options(string runFolder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "options.json")));
        return json.RootElement.Clone();
    }

    [Fact]
    public void Train_with_an_algorithm_records_it_and_its_options_and_the_generated_flag_reaches_them()
    {
        using var folder = new TempFolder();
        var supervised = folder.File("supervised");
        var result = CliHarness.Run(CommandHandlers.Default, ["train", .. Small(supervised), "--algorithm", "supervised", "--mix-up", "--alpha", "0.5"]);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        var o = Options(supervised);
        Assert.Equal("supervised", o.GetProperty("Algorithm").GetString());
        Assert.True(o.GetProperty("AlgorithmOptions").GetProperty("Mixup").GetProperty("Enabled").GetBoolean());
        Assert.Equal(0.5, o.GetProperty("AlgorithmOptions").GetProperty("Mixup").GetProperty("Alpha").GetDouble());
        Assert.StartsWith("supervised fashion-mnist 50 labels small-cnn: 2 steps", result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(), StringComparison.Ordinal);

        var meta = folder.File("meta");
        result = CliHarness.Run(CommandHandlers.Default, ["train", .. Small(meta), "--consistency-loss", "kullback-leibler"]);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Equal("KullbackLeibler", Options(meta).GetProperty("AlgorithmOptions").GetProperty("Consistency").GetProperty("Loss").GetString());
        Assert.Equal("metasemi", Options(meta).GetProperty("Algorithm").GetString());
    }

    [Fact]
    public void Train_with_an_algorithm_that_needs_strong_views_and_mu_gets_a_stream_that_yields_them()
    {
        using var folder = new TempFolder();
        var run = folder.File("fixmatch");
        var result = CliHarness.Run(CommandHandlers.Default, ["train", .. Small(run), "--algorithm", "fixmatch", "--threshold", "0.9", "--unlabeled-ratio", "2"]);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        var o = Options(run);
        Assert.Equal("fixmatch", o.GetProperty("Algorithm").GetString());
        Assert.Equal(0.9, o.GetProperty("AlgorithmOptions").GetProperty("Threshold").GetDouble());
        Assert.Equal(2, o.GetProperty("AlgorithmOptions").GetProperty("UnlabeledRatio").GetInt32());
    }

    [Fact]
    public void Train_baseline_with_mix_up_is_the_reference_baseline_mixing_with_unlabelled_images()
    {
        using var folder = new TempFolder();
        var run = folder.File("baseline");
        var result = CliHarness.Run(CommandHandlers.Default, ["train-baseline", .. Small(run), "--mix-up"]);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        var o = Options(run);
        Assert.Equal("reference-baseline", o.GetProperty("Algorithm").GetString());
        Assert.True(o.GetProperty("AlgorithmOptions").GetProperty("Mixup").GetProperty("Enabled").GetBoolean());
    }

    [Theory]
    [InlineData("--epsilon", "0.1", "--epsilon does not apply to --algorithm supervised")]
    [InlineData("--consistency-loss", "squared-l2", "--consistency-loss applies to --algorithm metasemi; this run's algorithm is 'supervised'.")]
    public void A_flag_of_another_algorithm_is_a_usage_error_naming_it(string flag, string value, string message)
    {
        using var folder = new TempFolder();
        var result = CliHarness.Run(CommandHandlers.Default, ["train", .. Small(folder.File("x")), "--algorithm", "supervised", flag, value]);
        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_of_a_generated_flag_is_a_usage_error_naming_the_flag_and_the_choices()
    {
        using var folder = new TempFolder();
        var result = CliHarness.Run(CommandHandlers.Default, ["train", .. Small(folder.File("x")), "--consistency-loss", "l1"]);
        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains("--consistency-loss: 'l1' is not one of squared-l2, kullback-leibler.", result.Error, StringComparison.Ordinal);
    }
}
