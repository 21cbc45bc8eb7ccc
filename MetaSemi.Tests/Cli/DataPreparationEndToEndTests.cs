using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using SkiaSharp;

namespace MetaSemi.Tests.Cli;

/// <summary><c>split-imagenet</c> and <c>im2rec</c> end to end on a few PNG files written here.</summary>
public sealed class DataPreparationEndToEndTests
{
    private static readonly string[] Classes = ["n01", "n02"];

    /// <summary>ROOT/class/img{i}.png, 4 images per class, each a solid colour.</summary>
    private static void WriteImages(string root)
    {
        for (int c = 0; c < Classes.Length; c++)
        {
            Directory.CreateDirectory(Path.Combine(root, Classes[c]));
            for (int i = 0; i < 4; i++)
            {
                using var bitmap = new SKBitmap(12, 10);
                bitmap.Erase(new SKColor((byte)(60 * c), (byte)(40 * i), 200));
                using var image = SKImage.FromBitmap(bitmap);
                using var png = image.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(root, Classes[c], $"img{i}.png"), png.ToArray());
            }
        }
    }

    [Fact]
    public void Im2rec_lists_then_packs_a_folder_that_reads_back_with_the_same_images_and_labels()
    {
        using var folder = new TempFolder();
        var root = folder.File("images");
        WriteImages(root);
        var prefix = Path.Combine(folder.Path, "packs", "train");

        var list = CliHarness.Run(CommandHandlers.Default, "im2rec", prefix, root, "--list", "--recursive", "--seed", "3");
        Assert.True(list.ExitCode == 0, list.Error);
        var entries = ImageListFile.Read(prefix + ".lst");
        Assert.Equal(8, entries.Count);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (ulong)i), entries.Select(e => e.Index).Order());
        Assert.All(entries, e => Assert.Equal(Array.IndexOf(Classes, e.RelativePath.Split('/')[0]), (int)e.Labels[0]));
        Assert.NotEqual(entries.Select(e => e.Index).Order(), entries.Select(e => e.Index)); // shuffled with --seed

        var pack = CliHarness.Run(CommandHandlers.Default, "im2rec", prefix, root);
        Assert.True(pack.ExitCode == 0, pack.Error);
        Assert.Contains("8 images packed", pack.Output, StringComparison.Ordinal);
        using var set = RecordIOImageSet.Open(prefix);
        Assert.Equal(8, set.Count);
        Assert.Equal(2, set.NumClasses);
        Assert.Equal(4, set.Labels.Count(l => l == 1));
    }

    [Fact]
    public void Split_imagenet_draws_the_labelled_fraction_of_each_class_and_materialises_both_folders()
    {
        using var folder = new TempFolder();
        WriteImages(Path.Combine(folder.Path, "train"));
        var result = CliHarness.Run(CommandHandlers.Default, "split-imagenet", "--data-path", folder.Path, "--labeled-fraction", "0.25", "--seed", "5");
        Assert.True(result.ExitCode == 0, result.Error);

        // 25% of 4 images per class: one labelled image per class, three unlabelled; every image in exactly one part.
        var labeled = File.ReadAllLines(folder.File("labeled.txt"));
        var unlabeled = File.ReadAllLines(folder.File("unlabeled.txt"));
        Assert.Equal(["n01", "n02"], labeled.Select(l => l.Split('/')[0]));
        Assert.Equal(6, unlabeled.Length);
        Assert.Empty(labeled.Intersect(unlabeled));
        foreach (var (part, entries) in new[] { ("labeled", labeled), ("unlabeled", unlabeled) })
        {
            Assert.All(entries, e => Assert.Equal(
                File.ReadAllBytes(Path.Combine(folder.Path, "train", e)), File.ReadAllBytes(Path.Combine(folder.Path, part, e))));
            Assert.Equal(entries.Length, Directory.GetFiles(Path.Combine(folder.Path, part), "*.png", SearchOption.AllDirectories).Length);
        }
    }

    [Fact]
    public void Split_imagenet_follows_a_given_split_file()
    {
        using var folder = new TempFolder();
        WriteImages(Path.Combine(folder.Path, "train"));
        var split = folder.Write("mine.txt", "n01/img2.png\nn02/img0.png\nn02/img3.png\n");
        var result = CliHarness.Run(CommandHandlers.Default, "split-imagenet", "--data-path", folder.Path, "--split-file", split);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["n01/img2.png", "n02/img0.png", "n02/img3.png"], File.ReadAllLines(folder.File("labeled.txt")));
        Assert.Equal(5, File.ReadAllLines(folder.File("unlabeled.txt")).Length);
        Assert.True(File.Exists(Path.Combine(folder.Path, "labeled", "n02", "img3.png")));
        Assert.False(File.Exists(Path.Combine(folder.Path, "unlabeled", "n02", "img3.png")));
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("recordio")]
    public void Train_imagenet_runs_single_process_on_folders_or_recordio_packs(string format)
    {
        using var folder = new TempFolder();
        var data = folder.File("imagenet");
        foreach (var part in new[] { "labeled", "unlabeled", "val" })
        {
            WriteImages(Path.Combine(data, part));
        }

        if (format == "recordio")
        {
            foreach (var (part, pack) in new[] { ("labeled", "train_label"), ("unlabeled", "train_unlabel"), ("val", "val") })
            {
                Assert.Equal(0, CliHarness.Run(CommandHandlers.Default, "im2rec", Path.Combine(data, pack), Path.Combine(data, part), "--list", "--recursive").ExitCode);
                Assert.Equal(0, CliHarness.Run(CommandHandlers.Default, "im2rec", Path.Combine(data, pack), Path.Combine(data, part)).ExitCode);
                Directory.Delete(Path.Combine(data, part), recursive: true);
            }
        }

        // 8 unlabelled images, batch 4: 2 steps per epoch, 2 epochs, an evaluation after each.
        var run = folder.File("run");
        var result = CliHarness.Run(CommandHandlers.Default, "train-imagenet", "--data", data, "-a", "small-cnn", "--epochs", "2", "--warmup-epochs", "1",
            "--batch-size", "4", "--lr", "0.01", "--save-path", run);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains($"meta imagenet ({(format == "folder" ? "Folder" : "RecordIO")}) small-cnn: 4 steps, test accuracy ", result.Output, StringComparison.Ordinal);
        var metrics = MetricsCsvReader.Read(Path.Combine(run, "metrics.csv"));
        Assert.Equal([2.0, 4.0], metrics.Series("test/accuracy").Steps);

        // Cosine over whole epochs: warm-up epoch 0 at lr·0, then epoch 1 at the start of the cosine, lr.
        Assert.Equal([0.0, 0.0, 0.01, 0.01], metrics.Series("train/lr").Values);
        Assert.True(File.Exists(Path.Combine(run, "checkpoint")));
        Assert.True(File.Exists(Path.Combine(run, "learning-curve.png")));
    }

    [Fact]
    public void Train_on_an_image_folder_draws_class_balanced_labels_from_train_and_tests_on_val()
    {
        using var folder = new TempFolder();
        var data = folder.File("images");
        WriteImages(Path.Combine(data, "train"));
        WriteImages(Path.Combine(data, "val"));
        var run = folder.File("run");
        var result = CliHarness.Run(CommandHandlers.Default, "train", "--dataset", "folder", "--data-path", data, "-a", "small-cnn", "--num-label", "4",
            "--batch-size", "2", "--total-steps", "4", "--test-freq", "2", "--warmup", "1", "--milestones", "3", "--lr", "0.01", "--save-path", run);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("meta folder 4 labels small-cnn: 4 labelled, 4 unlabelled, 8 test images", result.Output, StringComparison.Ordinal);
        Assert.Contains("meta folder 4 labels small-cnn: 4 steps, test accuracy ", result.Output, StringComparison.Ordinal);

        // Folder indices: classes in ordinal order, files in ordinal order, so 0..3 are n01 and 4..7 are n02; two of each labelled.
        var labeled = LabelIndicesFile.Read(Path.Combine(run, LabelIndicesFile.FileName));
        Assert.Equal(2, labeled.Count(i => i < 4));
        Assert.Equal(2, labeled.Count(i => i >= 4));
        Assert.True(File.Exists(Path.Combine(run, "learning-curve.png")));
    }
}
