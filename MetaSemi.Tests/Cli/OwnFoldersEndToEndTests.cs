using System.Globalization;
using System.Text.Json;
using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models;
using SkiaSharp;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// docs/design.md §8's scenario from the command line: class folders + a flat unlabelled folder → <c>check-data</c> →
/// <c>train --dataset folders</c> → the run's model file → <c>predict</c>, <c>export</c> (ONNX Runtime predicts the same)
/// and <c>evaluate</c> with no <c>-a</c>.
/// </summary>
[Collection(nameof(MetaSemi.Tests.Core.SerialTorchCollection))]
public sealed class OwnFoldersEndToEndTests
{
    private static readonly string[] Classes = ["amber", "cobalt"];
    private static readonly SKColor[] Colors = [new(200, 70, 20), new(30, 80, 200)];

    /// <summary>A noisy PNG of class <paramref name="c"/>'s colour.</summary>
    private static void WritePng(string path, int c, int width, int height, int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var k = Colors[c];
                bitmap.SetPixel(x, y, new SKColor((byte)Math.Clamp(k.Red + random.Next(-60, 60), 0, 255), (byte)Math.Clamp(k.Green + random.Next(-60, 60), 0, 255), (byte)Math.Clamp(k.Blue + random.Next(-60, 60), 0, 255)));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, png.ToArray());
    }

    /// <summary>labeled/&lt;class&gt;/ (4 each, one a level deeper), unlabeled/ flat (8), test/&lt;class&gt;/ (3 each).</summary>
    private static string WriteFolders(TempFolder folder)
    {
        var root = folder.File("photos");
        for (int c = 0; c < Classes.Length; c++)
        {
            for (int i = 0; i < 4; i++)
            {
                WritePng(Path.Combine(root, "labeled", Classes[c], i == 3 ? "more" : ".", $"{i}.png"), c, 20 + i, 16, (10 * c) + i);
            }

            for (int i = 0; i < 3; i++)
            {
                WritePng(Path.Combine(root, "test", Classes[c], $"{i}.png"), c, 18, 18 + i, 100 + (10 * c) + i);
            }
        }

        for (int i = 0; i < 8; i++)
        {
            WritePng(Path.Combine(root, "unlabeled", $"img{i:00}.png"), i % 2, 17 + i, 17, 200 + i);
        }

        return root;
    }

    private static string[] Train(string data, string run, params string[] extra) => TrainFor(6, data, run, extra);

    private static string[] TrainFor(int steps, string data, string run, params string[] extra) =>
    [
        "train", "--dataset", "folders", "--data-path", data, "-a", "small-cnn", "--image-size", "16", "--batch-size", "4",
        "--total-steps", $"{steps}", "--test-freq", $"{Math.Min(3, steps)}", "--print-freq", "3", "--warmup", "1", "--milestones", "5", "--lr", "0.05", "--save-path", run, .. extra,
    ];

    [Fact]
    public void FixMatch_through_the_on_disk_image_cache_trains_as_from_memory_and_a_second_run_reuses_the_cache()
    {
        using var folder = new TempFolder();
        var data = WriteFolders(folder);
        var cacheDir = folder.File("cache");
        string[] fixMatch = ["--algorithm", "fixmatch", "--unlabeled-ratio", "2"];
        var memory = folder.File("memory");
        var cached = folder.File("cached");
        var again = folder.File("again");
        var inMemory = CliHarness.Run(CommandHandlers.Default, [.. Train(data, memory), .. fixMatch, "--image-cache", "off"]);
        Assert.True(inMemory.ExitCode == 0, inMemory.Error + inMemory.Output);
        var first = CliHarness.Run(CommandHandlers.Default, [.. Train(data, cached), .. fixMatch, "--image-cache", "on", "--cache-dir", cacheDir]);
        Assert.True(first.ExitCode == 0, first.Error + first.Output);
        var manifest = Path.Combine(Assert.Single(Directory.GetDirectories(cacheDir)), "manifest.txt");
        var built = File.GetLastWriteTimeUtc(manifest);
        var second = CliHarness.Run(CommandHandlers.Default, [.. Train(data, again), .. fixMatch, "--image-cache", "on", "--cache-dir", cacheDir]);
        Assert.True(second.ExitCode == 0, second.Error + second.Output);
        Assert.Equal(built, File.GetLastWriteTimeUtc(manifest)); // opened, not rebuilt

        var expected = ResumeExactnessTests.Rows(memory);
        Assert.Equal(7, expected.Length); // header + 6 steps
        Assert.Equal(expected, ResumeExactnessTests.Rows(cached));
        Assert.Equal(expected, ResumeExactnessTests.Rows(again));
    }

    [Fact]
    public void Folders_train_into_a_model_file_that_predict_and_evaluate_read_without_an_architecture()
    {
        using var folder = new TempFolder();
        var data = WriteFolders(folder);

        var check = CliHarness.Run(CommandHandlers.Default, "check-data", data);
        Assert.True(check.ExitCode == 0, check.Error + check.Output);
        Assert.Contains("2 classes (amber, cobalt), 8 labelled, 8 unlabelled, 6 test images", check.Output, StringComparison.Ordinal);
        Assert.Contains("every image can be read.", check.Output, StringComparison.Ordinal);

        var run = folder.File("run");
        var train = CliHarness.Run(CommandHandlers.Default, Train(data, run));
        Assert.True(train.ExitCode == 0, train.Error + train.Output);
        Assert.Contains("8 labelled, 8 unlabelled, 6 test images", train.Output, StringComparison.Ordinal);
        var modelFile = Path.Combine(run, ModelFile.FileName);
        Assert.Contains("model file " + modelFile, train.Output, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i.ToString(CultureInfo.InvariantCulture)), File.ReadAllLines(Path.Combine(run, LabelIndicesFile.FileName)));

        // The model file describes the run: best weights, the folders' classes, 16-pixel RGB input, the measured normalisation.
        var description = ModelFile.ReadDescription(modelFile);
        var metrics = MetricsCsvReader.Read(Path.Combine(run, MetricsCsvWriter.FileName)).Series(MetricNames.TestAccuracy);
        int bestIndex = Array.IndexOf(metrics.Values, metrics.Values.Max()); // the first best, as the trainer keeps it
        Assert.Equal("small-cnn", description.Architecture);
        Assert.Equal(Classes, description.ClassNames);
        Assert.Equal((3, 16, 16), (description.Preprocessing.Channels, description.Preprocessing.ImageSize, description.Preprocessing.ResizeShorterSide));
        Assert.Equal(metrics.Values.Max(), description.Training!.TestAccuracy!.Value, 12);
        Assert.Equal((long)metrics.Steps[bestIndex], description.Training.Steps);
        Assert.Equal(8, description.Training.Labels);

        // predict on the test folder: its top-1 accuracy is the accuracy the trainer measured for those weights.
        var csvPath = folder.File("predictions.csv");
        var predict = CliHarness.Run(CommandHandlers.Default, "predict", "--model", modelFile, Path.Combine(data, "test"), "--top-k", "2", "--format", "csv", "--output", csvPath);
        Assert.True(predict.ExitCode == 0, predict.Error + predict.Output);
        var rows = File.ReadAllLines(csvPath).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(12, rows.Length);
        var top1 = rows.Where(r => r[1] == "1").ToArray();
        double correct = top1.Count(r => r[0].Contains(Path.DirectorySeparatorChar + r[2] + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Equal(description.Training.TestAccuracy.Value, correct / 6, 12);
        Assert.All(rows.Chunk(2), pair => Assert.Equal(1.0, pair.Sum(r => double.Parse(r[4], CultureInfo.InvariantCulture)), 5));

        // The same probabilities from the library, from JSON, and the table.
        using var classifier = ImageClassifier.Load(modelFile);
        var first = classifier.Predict(top1[0][0], topK: 1).Best;
        Assert.Equal(top1[0][2], first.ClassName);
        Assert.Equal(double.Parse(top1[0][4], CultureInfo.InvariantCulture), first.Probability, 1e-6);
        var json = CliHarness.Run(CommandHandlers.Default, "predict", "--model", modelFile, top1[0][0], "--format", "json");
        Assert.True(json.ExitCode == 0, json.Error + json.Output);
        using var parsed = JsonDocument.Parse(json.Output);
        Assert.Equal(first.ClassName, parsed.RootElement[0].GetProperty("predictions")[0].GetProperty("className").GetString());
        var table = CliHarness.Run(CommandHandlers.Default, "predict", "--model", modelFile, top1[0][0]);
        Assert.Contains("small-cnn, 2 classes, input 3×16×16", table.Output, StringComparison.Ordinal);

        // export → ONNX Runtime: the same top-1 classes as predict printed.
        var onnxFile = folder.File("model.onnx");
        var export = CliHarness.Run(CommandHandlers.Default, "export", "--model", modelFile, "--output", onnxFile);
        Assert.True(export.ExitCode == 0, export.Error + export.Output);
        using (var onnx = MetaSemi.Onnx.OnnxImageClassifier.Load(onnxFile))
        {
            var onnxTop1 = onnx.Predict(top1.Select(r => r[0]), topK: 1);
            Assert.Equal(top1.Select(r => r[2]), onnxTop1.Select(p => p.Best.ClassName));
        }

        // evaluate reads the model file with no -a and counts what the trainer counted.
        var evaluate = CliHarness.Run(CommandHandlers.Default, "evaluate", "--dataset", "folders", "--data-path", data, "--checkpoint", modelFile, "--save-path", folder.File("report"));
        Assert.True(evaluate.ExitCode == 0, evaluate.Error + evaluate.Output);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"({correct}/6)"), evaluate.Output, StringComparison.Ordinal);

        // A model file of another architecture is refused in words.
        var wrong = CliHarness.Run(CommandHandlers.Default, "evaluate", "--dataset", "folders", "--data-path", data, "--checkpoint", modelFile, "-a", "convlarge");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("is a small-cnn model with 2 classes, not convlarge", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_image_stops_training_naming_it_unless_skipped_and_then_it_is_listed_in_the_run_folder()
    {
        using var folder = new TempFolder();
        var data = WriteFolders(folder);
        var bad = Path.Combine(data, "unlabeled", "broken.jpg");
        File.WriteAllBytes(bad, [0xFF, 0xD8, 0xFF, 0x00, 0x01]);

        var check = CliHarness.Run(CommandHandlers.Default, "check-data", data);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("1 image(s) cannot be read", check.Output, StringComparison.Ordinal);
        Assert.Contains(bad, check.Output, StringComparison.Ordinal);

        var stopped = CliHarness.Run(CommandHandlers.Default, Train(data, folder.File("stopped")));
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains(bad, stopped.Error, StringComparison.Ordinal);
        Assert.Contains("--skip-bad-images", stopped.Error, StringComparison.Ordinal);

        var run = folder.File("run");
        var skipped = CliHarness.Run(CommandHandlers.Default, TrainFor(1, data, run, "--skip-bad-images"));
        Assert.True(skipped.ExitCode == 0, skipped.Error + skipped.Output);
        var listed = Assert.Single(File.ReadAllLines(Path.Combine(run, SkippedImage.ListFileName)));
        Assert.StartsWith(bad + ": ", listed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_baseline_trains_on_labelled_folders_alone_holding_out_a_validation_split_with_no_num_label()
    {
        using var folder = new TempFolder();
        var data = WriteFolders(folder);
        Directory.Delete(Path.Combine(data, "unlabeled"), recursive: true);
        Directory.Delete(Path.Combine(data, "test"), recursive: true);
        var run = folder.File("run");

        var result = CliHarness.Run(CommandHandlers.Default, "train-baseline", "--dataset", "folders", "--data-path", data, "-a", "small-cnn", "--channels", "1",
            "--validation-per-class", "1", "--batch-size", "2", "--total-steps", "2", "--test-freq", "2", "--warmup", "1", "--milestones", "5", "--save-path", run);

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("baseline folders 6 labels small-cnn: 6 labelled, 0 unlabelled, 2 test images", result.Output, StringComparison.Ordinal);
        var description = ModelFile.ReadDescription(Path.Combine(run, ModelFile.FileName));
        Assert.Equal((1, 32), (description.Preprocessing.Channels, description.Preprocessing.ImageSize)); // small-cnn's natural size

        var numLabel = CliHarness.Run(CommandHandlers.Default, "train", "--dataset", "folders", "--data-path", data, "--num-label", "4");
        Assert.Equal(2, numLabel.ExitCode);
        Assert.Contains("--num-label does not apply to --dataset folders", numLabel.Error, StringComparison.Ordinal);
        var misplaced = CliHarness.Run(CommandHandlers.Default, "train", "--dataset", "cifar10", "--image-size", "64");
        Assert.Contains("--image-size applies to --dataset folders only", misplaced.Error, StringComparison.Ordinal);
    }
}
