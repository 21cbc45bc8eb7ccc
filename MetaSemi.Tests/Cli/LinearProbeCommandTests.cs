using System.Globalization;
using System.Text.RegularExpressions;
using MetaSemi.Cli.Commands;
using MetaSemi.Files;
using MetaSemi.Models.Pretrained;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// <c>linear-probe</c> on the shipped Fashion-MNIST subset at 32 px: the features are computed once and then read
/// from the cache (recomputed when the file is damaged), the second fit is the first, and the model file it writes
/// evaluates to the accuracy the probe printed.
/// </summary>
[Collection(nameof(MetaSemi.Tests.Core.SerialTorchCollection))]
public sealed partial class LinearProbeCommandTests
{
    [Fact]
    public void Features_are_cached_the_refit_is_identical_and_the_model_file_evaluates_to_the_probes_accuracy()
    {
        using var folder = new TempFolder();
        var run = folder.File("run");
        var cache = folder.File("cache");
        string[] probe = ["linear-probe", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "--num-label", "20",
            "--image-size", "32", "--iterations", "100", "--save-path", run, "--feature-cache", cache];

        var first = CliHarness.Run(CommandHandlers.Default, probe);
        Assert.True(first.ExitCode == 0, first.Error + first.Output);
        Assert.Contains("features of the 20 labelled images: computed (not cached yet)", first.Output, StringComparison.Ordinal);
        Assert.Contains("features of the 2000 test images: computed (not cached yet)", first.Output, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(cache, "*.features").Length);

        var second = CliHarness.Run(CommandHandlers.Default, probe);
        Assert.True(second.ExitCode == 0, second.Error + second.Output);
        Assert.Contains("features of the 20 labelled images: read from", second.Output, StringComparison.Ordinal);
        Assert.Contains("features of the 2000 test images: read from", second.Output, StringComparison.Ordinal);
        Assert.Equal(FitLine(first.Output), FitLine(second.Output));
        double accuracy = Accuracy(first.Output);
        Assert.Equal(accuracy, Accuracy(second.Output));
        Assert.InRange(accuracy, 0.2, 1.0); // ten classes from 20 labels: far above chance (0.1)

        // A damaged file is recomputed, to the same features.
        var largest = Directory.GetFiles(cache, "*.features").OrderByDescending(f => new FileInfo(f).Length).First();
        using (var stream = File.OpenWrite(largest))
        {
            stream.SetLength(stream.Length - 7);
        }

        var third = CliHarness.Run(CommandHandlers.Default, probe);
        Assert.True(third.ExitCode == 0, third.Error + third.Output);
        Assert.Contains("is damaged: its size does not match its 2000×512 header", third.Output, StringComparison.Ordinal);
        Assert.Equal(accuracy, Accuracy(third.Output));

        // The model file is the ResNet with the probe as its head: evaluate gives the probe's accuracy.
        var description = ModelFile.ReadDescription(Path.Combine(run, ModelFile.FileName));
        Assert.Equal("linear-probe", description.Training!.Algorithm);
        Assert.Equal(20, description.Training.Labels);
        var evaluate = CliHarness.Run(CommandHandlers.Default, "evaluate", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall,
            "--checkpoint", Path.Combine(run, ModelFile.FileName));
        Assert.True(evaluate.ExitCode == 0, evaluate.Error + evaluate.Output);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"accuracy {accuracy * 100:F2}% ({Math.Round(accuracy * 2000)}/2000)"), evaluate.Output, StringComparison.Ordinal);
        Assert.Equal(20, File.ReadAllLines(Path.Combine(run, "label_indices.txt")).Count(l => l.Trim().Length > 0));
    }

    [Fact]
    public void An_image_size_that_is_not_a_multiple_of_32_is_refused_with_the_reason()
    {
        var result = CliHarness.Run(CommandHandlers.Default, "linear-probe", "--data-path", ShippedData.FashionMnistSmall, "--image-size", "40");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--image-size 40 must be a multiple of 32", result.Error, StringComparison.Ordinal);
    }

    private static string FitLine(string output) => output.Split('\n').Single(l => l.StartsWith("fit: ", StringComparison.Ordinal)).Split(", loss")[0] + LossOf(output);

    private static string LossOf(string output) => LossPattern().Match(output).Groups[1].Value;

    private static double Accuracy(string output) =>
        double.Parse(AccuracyPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture) / 100;

    [GeneratedRegex(@"loss ([0-9.]+)")]
    private static partial Regex LossPattern();

    [GeneratedRegex(@"linear probe: test accuracy ([0-9.]+) %")]
    private static partial Regex AccuracyPattern();
}
