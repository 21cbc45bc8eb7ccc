using MetaSemi.Algorithms;
using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Plotting;
using MetaSemi.Data;
using SkiaSharp;

namespace MetaSemi.Tests.Cli;

/// <summary><c>evaluate</c> and <c>plot-features</c> on <c>--dataset folder</c> data, after a short <c>train --dataset folder</c>.</summary>
public sealed class FolderDataCommandsTests
{
    private static readonly string[] Classes = ["ants", "bees", "cats"];

    /// <summary>ROOT/class/img{i}.png, <paramref name="perClass"/> images per class, each a noisy shade of its class's colour.</summary>
    private static void WriteImages(string root, int perClass, int seed)
    {
        var random = new Random(seed);
        for (int c = 0; c < Classes.Length; c++)
        {
            Directory.CreateDirectory(Path.Combine(root, Classes[c]));
            for (int i = 0; i < perClass; i++)
            {
                using var bitmap = new SKBitmap(16, 12);
                for (int y = 0; y < bitmap.Height; y++)
                {
                    for (int x = 0; x < bitmap.Width; x++)
                    {
                        bitmap.SetPixel(x, y, new SKColor((byte)(80 * c + random.Next(30)), (byte)random.Next(60), (byte)(200 - 60 * c)));
                    }
                }

                using var image = SKImage.FromBitmap(bitmap);
                using var png = image.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(root, Classes[c], $"img{i}.png"), png.ToArray());
            }
        }
    }

    private static (TempFolder Folder, string Data, string Run) TrainedFolderRun()
    {
        var folder = new TempFolder();
        var data = folder.File("images");
        WriteImages(Path.Combine(data, "train"), perClass: 4, seed: 1);
        WriteImages(Path.Combine(data, "val"), perClass: 3, seed: 2);
        var run = folder.File("run");
        var result = CliHarness.Run(CommandHandlers.Default, "train", "--dataset", "folder", "--data-path", data, "-a", "small-cnn", "--num-label", "6",
            "--batch-size", "3", "--total-steps", "4", "--test-freq", "4", "--warmup", "1", "--milestones", "3", "--lr", "0.01", "--save-path", run);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        return (folder, data, run);
    }

    [Fact]
    public void Evaluate_on_an_image_folder_counts_what_the_trainer_counted_and_names_the_folder_classes()
    {
        var (folder, data, run) = TrainedFolderRun();
        using (folder)
        {
            var report = folder.File("report");
            var result = CliHarness.Run(CommandHandlers.Default, "evaluate", "--dataset", "folder", "--data-path", data, "--checkpoint", Path.Combine(run, "checkpoint"),
                "-a", "small-cnn", "--batch-size", "4", "--save-path", report);
            Assert.True(result.ExitCode == 0, result.Error + result.Output);

            // The trainer evaluated the same weights on the same val/ folder at step 4.
            double trainerAccuracy = MetricsCsvReader.Read(Path.Combine(run, MetricsCsvWriter.FileName)).Series(MetricNames.TestAccuracy).Values[^1];
            var match = System.Text.RegularExpressions.Regex.Match(result.Output, @"accuracy (\d+\.\d\d)% \((\d+)/(\d+)\)");
            Assert.True(match.Success, result.Output);
            Assert.Equal(9, int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
            Assert.Equal(trainerAccuracy * 9, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), 6);
            Assert.All(Classes, name => Assert.Contains(name, result.Output, StringComparison.Ordinal));
            PngAssert.IsPng(Path.Combine(report, ConfusionMatrixPlot.FileName), 900, 800);
        }
    }

    [Fact]
    public void Plot_features_on_an_image_folder_draws_labelled_unlabelled_and_test_points()
    {
        var (folder, data, run) = TrainedFolderRun();
        using (folder)
        {
            var pictures = folder.File("pictures");
            var result = CliHarness.Run(CommandHandlers.Default, "plot-features", "--dataset", "folder", "--data-path", data,
                "--checkpoint-path", Path.Combine(run, "checkpoint"), "--index-path", Path.Combine(run, LabelIndicesFile.FileName), "--save-path", pictures,
                "-a", "small-cnn", "--num-point", "15", "--perplexity", "3", "--tsne-iterations", "100");
            Assert.True(result.ExitCode == 0, result.Error + result.Output);

            // 15 points in thirds: 5 of the 6 labelled, 5 of the 6 unlabelled, 5 of the 9 val images.
            Assert.Contains("t-SNE of 15 points (5 labelled, 5 unlabelled, 5 test)", result.Output, StringComparison.Ordinal);
            PngAssert.IsPng(Path.Combine(pictures, FeaturePicture.FileName), 1100, 850);
        }
    }

    [Fact]
    public void Evaluate_on_a_folder_without_val_or_test_is_one_clear_error()
    {
        using var folder = new TempFolder();
        var data = folder.File("images");
        WriteImages(Path.Combine(data, "train"), perClass: 1, seed: 1);
        var checkpoint = folder.Write("checkpoint", "not used");
        var result = CliHarness.Run(CommandHandlers.Default, "evaluate", "--dataset", "folder", "--data-path", data, "--checkpoint", checkpoint, "-a", "small-cnn");
        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("must hold train/ and val/ (or test/)", result.Error, StringComparison.Ordinal);
    }
}
