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
    public void Im2rec_resize_is_refused_with_a_clear_message()
    {
        using var folder = new TempFolder();
        var root = folder.File("images");
        WriteImages(root);
        var prefix = folder.File("train");
        Assert.Equal(0, CliHarness.Run(CommandHandlers.Default, "im2rec", prefix, root, "--list", "--recursive").ExitCode);
        var result = CliHarness.Run(CommandHandlers.Default, "im2rec", prefix, root, "--resize", "64");
        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Contains("--resize 64", result.Error, StringComparison.Ordinal);
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
}
