using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using MetaSemi.Cli.Commands;
using MetaSemi.Files;
using MetaSemi.Tests.Cli;
using SkiaSharp;
using Xunit.Abstractions;

namespace MetaSemi.Tests.Packaging;

/// <summary>
/// docs/design.md §8 in one walk, with the user's entry points: class folders and a flat unlabelled folder of PNG files →
/// <c>metasemi train --dataset folders</c> (MetaSemi, semi-supervised) → the run's model file → <c>metasemi predict</c>
/// → <c>metasemi export</c> → a fresh app that references only the packed MetaSemi.Onnx, published with no torch
/// file, predicting the classes and probabilities <c>predict</c> printed.
/// </summary>
[Collection(nameof(MetaSemi.Tests.Core.SerialTorchCollection))]
public sealed class OwnFoldersToAppTests(ITestOutputHelper output)
{
    /// <summary>The app's Program.cs, as docs/own-images.md shows it.</summary>
    internal const string AppProgram = """
        using MetaSemi.Onnx;

        // model.onnx, then image files or folders: every class of every image, with its probability.
        using var classifier = OnnxImageClassifier.Load(args[0]);
        var images = args[1..].SelectMany(a => Directory.Exists(a) ? Directory.GetFiles(a).Order(StringComparer.Ordinal).ToArray() : [a]).ToList();
        var predictions = classifier.Predict(images, topK: classifier.ClassNames.Count);
        for (int i = 0; i < images.Count; i++)
        {
            Console.WriteLine($"{images[i]}: {string.Join(", ", predictions[i].Select(c => FormattableString.Invariant($"{c.ClassName} {c.Probability:F6}")))}");
        }

        """;

    private static readonly string[] Classes = ["amber", "cobalt", "moss"];
    private static readonly SKColor[] Colors = [new(200, 70, 20), new(30, 80, 200), new(60, 160, 50)];

    [Fact]
    public void Own_folders_train_to_a_model_file_predict_export_and_a_libtorch_free_app_that_predicts_the_same_classes()
    {
        // The app is published for Linux x64, the platform this repository's CI has.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        using var folder = new TempFolder();
        var photos = folder.File("photos");
        var queries = folder.File("queries");
        WriteFolders(photos, queries);

        // train: MetaSemi on labeled/<class>/ and the flat unlabeled/, one image per class held out to validate.
        var run = folder.File("run");
        var train = CliHarness.Run(CommandHandlers.Default, "train", "--dataset", "folders", "--data-path", photos, "-a", "small-cnn", "--image-size", "16",
            "--validation-per-class", "1", "--batch-size", "4", "--total-steps", "8", "--test-freq", "4", "--print-freq", "4", "--warmup", "1", "--milestones", "6",
            "--lr", "0.05", "--save-path", run);
        Assert.True(train.ExitCode == 0, train.Error + train.Output);
        Assert.Contains("9 labelled, 12 unlabelled, 3 test images", train.Output, StringComparison.Ordinal);
        var modelFile = Path.Combine(run, ModelFile.FileName);
        Assert.Contains("model file " + modelFile, train.Output, StringComparison.Ordinal);
        output.WriteLine(train.Output);

        // predict: every class of every query image, from the model file alone.
        var predict = CliHarness.Run(CommandHandlers.Default, "predict", "--model", modelFile, queries, "--top-k", "3", "--format", "json");
        Assert.True(predict.ExitCode == 0, predict.Error + predict.Output);
        var expected = ParsePredictJson(predict.Output);
        Assert.Equal(Directory.GetFiles(queries).Order(StringComparer.Ordinal), expected.Select(e => e.Image));
        Assert.All(expected, e => Assert.Equal(Classes.Order(StringComparer.Ordinal), e.Classes.Select(c => c.Name).Order(StringComparer.Ordinal)));

        // A few steps on colours this distinct learn them: each query's best class is the one it is named for.
        Assert.All(expected, e => Assert.StartsWith(e.Classes[0].Name + "-", Path.GetFileName(e.Image), StringComparison.Ordinal));

        // export: the ONNX file the app ships.
        var onnxFile = folder.File("model.onnx");
        var export = CliHarness.Run(CommandHandlers.Default, "export", "--model", modelFile, "--output", onnxFile);
        Assert.True(export.ExitCode == 0, export.Error + export.Output);
        output.WriteLine(export.Output);
        var trained = clock.Elapsed;

        // The app: MetaSemi.Onnx alone, published; no TorchSharp or libtorch file anywhere in it.
        using var app = OnnxOnlyApp.Publish(AppProgram);
        var torchFiles = app.TorchFiles;
        Assert.True(torchFiles.Count == 0, "The ONNX-only app carries TorchSharp or libtorch files: " + string.Join(", ", torchFiles));
        var printed = app.Run(onnxFile, queries);
        output.WriteLine(printed);

        // The same classes in the same order for every image, and the same probabilities.
        var actual = ParseAppLines(printed);
        Assert.Equal(expected.Select(e => e.Image), actual.Select(a => a.Image));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Classes.Select(c => c.Name), actual[i].Classes.Select(c => c.Name));
            for (int k = 0; k < Classes.Length; k++)
            {
                Assert.Equal(expected[i].Classes[k].Probability, actual[i].Classes[k].Probability, 1e-4);
            }
        }

        output.WriteLine(app.DescribeSize());
        output.WriteLine($"folders → train → predict → export: {trained.TotalSeconds:F1} s; pack, publish and run the app: {(clock.Elapsed - trained).TotalSeconds:F1} s");
    }

    [Fact]
    public void The_own_images_page_shows_the_app_this_test_publishes()
    {
        var root = typeof(OwnFoldersToAppTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var page = File.ReadAllText(Path.Combine(root, "docs", "own-images.md")).ReplaceLineEndings("\n");
        Assert.Contains("```csharp\n" + AppProgram + "```", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// photos/labeled/&lt;class&gt;/ (4 each), photos/unlabeled/ flat (12, four of each class), queries/ flat (2 per
    /// class, named for it); each a noisy image of its class's colour, of a few sizes.
    /// </summary>
    private static void WriteFolders(string photos, string queries)
    {
        for (int c = 0; c < Classes.Length; c++)
        {
            for (int i = 0; i < 4; i++)
            {
                WritePng(Path.Combine(photos, "labeled", Classes[c], $"{i}.png"), c, 20 + i, 18, (10 * c) + i);
            }

            for (int i = 0; i < 2; i++)
            {
                WritePng(Path.Combine(queries, $"{Classes[c]}-{i}.png"), c, 24, 20 + i, 100 + (10 * c) + i);
            }
        }

        for (int i = 0; i < 12; i++)
        {
            WritePng(Path.Combine(photos, "unlabeled", $"img{i:00}.png"), i % Classes.Length, 17 + i, 19, 200 + i);
        }
    }

    /// <summary>A noisy PNG of class <paramref name="c"/>'s colour.</summary>
    private static void WritePng(string path, int c, int width, int height, int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height);
        var k = Colors[c];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor(Noisy(k.Red, random), Noisy(k.Green, random), Noisy(k.Blue, random)));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, png.ToArray());
    }

    private static byte Noisy(byte value, Random random) => (byte)Math.Clamp(value + random.Next(-60, 60), 0, 255);

    private static List<ImageClasses> ParsePredictJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(e => new ImageClasses(
                e.GetProperty("image").GetString()!,
                [.. e.GetProperty("predictions").EnumerateArray().Select(p => (p.GetProperty("className").GetString()!, p.GetProperty("probability").GetDouble()))]))
            .ToList();
    }

    /// <summary>The app's lines: <c>IMAGE: CLASS P, CLASS P, …</c>.</summary>
    private static List<ImageClasses> ParseAppLines(string printed) => printed
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line =>
        {
            int colon = line.LastIndexOf(": ", StringComparison.Ordinal);
            Assert.True(colon > 0, $"The app printed '{line}', not IMAGE: CLASS P, …");
            return new ImageClasses(line[..colon], [.. line[(colon + 2)..].Split(", ").Select(ClassAndProbability)]);
        })
        .ToList();

    private static (string Name, double Probability) ClassAndProbability(string text)
    {
        int space = text.LastIndexOf(' ');
        return (text[..space], double.Parse(text[(space + 1)..], CultureInfo.InvariantCulture));
    }

    private sealed record ImageClasses(string Image, IReadOnlyList<(string Name, double Probability)> Classes);
}
