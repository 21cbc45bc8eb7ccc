using MetaSemi.Data;
using SkiaSharp;
using TorchSharp;
using static MetaSemi.Tests.Data.TestImageFiles;

namespace MetaSemi.Tests.Data;

/// <summary>
/// A user's own folders (docs/design.md §8): labeled/&lt;class&gt;/…, unlabeled/… flat or a tree, optional
/// test/&lt;class&gt;/…, every image format.
/// </summary>
public sealed class ImageFoldersTests
{
    private static readonly SKColor Red = new(200, 30, 10);
    private static readonly SKColor Blue = new(20, 40, 220);
    private static readonly SKColor Green = new(30, 180, 60);

    /// <summary>The pixel values of an image: channel c of every pixel must equal <paramref name="rgb"/>[c].</summary>
    private static void AssertSolid(torch.Tensor images, int index, params byte[] rgb)
    {
        for (int c = 0; c < rgb.Length; c++)
        {
            using var plane = images[index, c];
            Assert.Equal(rgb[c], plane.min().item<byte>());
            Assert.Equal(rgb[c], plane.max().item<byte>());
        }
    }

    [Fact]
    public void Class_folders_at_any_depth_a_flat_unlabelled_folder_and_a_test_folder_load_with_exact_pixels()
    {
        using var dir = new TempFolder();
        dir.Write("labeled/red/a.png", Png(20, 10, Red));
        dir.Write("labeled/red/deeper/still/b.bmp", Bmp(7, 9, Red));
        dir.Write("labeled/blue/c.webp", WebP(12, 12, Blue));
        dir.Write("labeled/blue/notes.txt", [1, 2, 3]);
        dir.Write("unlabeled/u1.gif", Gif(6, 5, Green, Red)); // two frames: only the first is read
        dir.Write("unlabeled/u2.png", Png(33, 17, Blue));
        dir.Write("test/blue/t.png", Png(8, 8, Blue));

        using var data = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 4 });

        Assert.Equal(["blue", "red"], data.ClassNames);
        Assert.Equal(3, data.Channels); // colour images: auto picks RGB
        Assert.Equal([1L, 3, 4, 4], data.Test!.Images.shape);
        Assert.Equal("test/", data.TestSource);
        Assert.Equal([0L, 1, 1], data.Labeled.GetLabelArray());
        Assert.EndsWith(Path.Combine("labeled", "red", "deeper", "still", "b.bmp"), data.LabeledPaths[2], StringComparison.Ordinal);
        Assert.Equal([2L, 3, 4, 4], data.Unlabeled.shape);
        Assert.Single(data.Layout.Ignored);
        AssertSolid(data.Labeled.Images, 0, 20, 40, 220);
        AssertSolid(data.Labeled.Images, 1, 200, 30, 10);
        AssertSolid(data.Labeled.Images, 2, 200, 30, 10);
        AssertSolid(data.Unlabeled, 0, 30, 180, 60);
        AssertSolid(data.Unlabeled, 1, 20, 40, 220);
        AssertSolid(data.Test.Images, 0, 20, 40, 220);

        // The normalisation is measured on the five training images (three labelled, two unlabelled, equal pixel counts).
        double[] red = [20, 200, 200, 30, 20], green = [40, 30, 30, 180, 40]; // blue, red, red | green, blue
        Assert.Equal(red.Average() / 255, data.Normalization.Mean[0], 6);
        Assert.Equal(Math.Sqrt(green.Select(g => Math.Pow((g / 255) - (green.Average() / 255), 2)).Average()), data.Normalization.Std[1], 6);
        Assert.Equal(4, data.Preprocessing.ResizeShorterSide);
    }

    [Fact]
    public void A_tree_of_unlabelled_images_and_no_test_folder_hold_out_the_asked_validation_images_per_class()
    {
        using var dir = new TempFolder();
        for (int i = 0; i < 4; i++)
        {
            dir.Write($"labeled/a/{i}.png", Png(5, 5, Red));
            dir.Write($"labeled/b/{i}.jpg", Jpeg(5, 5, Blue));
            dir.Write($"unlabeled/day{i % 2}/cam{i}/{i}.png", Png(5, 5, Green));
        }

        using var data = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 5, ValidationPerClass = 1, Seed = 3 });

        Assert.Equal(4, (int)data.Unlabeled.shape[0]);
        Assert.Equal([0L, 1], data.Test!.GetLabelArray());
        Assert.Equal(6, data.Labeled.Count);
        Assert.Equal([0L, 0, 0, 1, 1, 1], data.Labeled.GetLabelArray());
        Assert.Empty(data.LabeledPaths.Intersect(data.TestPaths));
        Assert.Equal(8, data.LabeledPaths.Count + data.TestPaths.Count);
        Assert.Equal("1 per class held out of labeled/", data.TestSource);

        // The same seed holds out the same files.
        using var again = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 5, ValidationPerClass = 1, Seed = 3 });
        Assert.Equal(data.TestPaths, again.TestPaths);
    }

    [Fact]
    public void Training_data_pairs_labelled_batches_with_unlabelled_batches_that_carry_no_labels_and_strong_views_on_request()
    {
        using var dir = new TempFolder();
        for (int i = 0; i < 3; i++)
        {
            dir.Write($"labeled/a/{i}.png", Png(9, 8, Red));
            dir.Write($"labeled/b/{i}.png", Png(8, 9, Blue));
        }

        for (int i = 0; i < 8; i++)
        {
            dir.Write($"unlabeled/{i}.png", Png(8, 8, Green));
        }

        using var data = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 8, ValidationPerClass = 1 });
        var options = new PairedStreamOptions { PrefetchDepth = 0, UnlabeledRatio = 2, UnlabeledViews = [ViewNames.Weak, ViewNames.Strong] };
        using var training = data.CreateTrainingData(batchSize: 2, seed: 4, options: options);
        using var pair = training.Train.Next();

        Assert.Equal(Enumerable.Range(0, 4), training.Split.Labeled); // 6 labelled minus 1 held out per class
        Assert.Equal(Enumerable.Range(4, 8), training.Split.Unlabeled);
        Assert.Equal(2, pair.Labeled.Count);
        Assert.NotNull(pair.Labeled.Labels);
        Assert.Equal(4, pair.Unlabeled.Count); // μ = 2
        Assert.Null(pair.Unlabeled.Labels);
        Assert.Equal([4L, 3, 8, 8], pair.Unlabeled.View(ViewNames.Strong).shape);
        Assert.Equal(2, training.Test.Count);
    }

    [Fact]
    public void Grey_images_load_as_one_channel_by_default_and_colour_is_greyed_by_luminance_when_one_channel_is_asked()
    {
        using var dir = new TempFolder();
        dir.Write("labeled/x/g.png", Png(6, 6, new SKColor(90, 90, 90)));
        dir.Write("labeled/y/g.png", Png(6, 6, new SKColor(17, 17, 17)));
        using (var grey = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 3, ValidationPerClass = null }))
        {
            Assert.Equal(1, grey.Channels);
            AssertSolid(grey.Labeled.Images, 0, 90);
            Assert.Null(grey.Test);
        }

        dir.Write("unlabeled/c.png", Png(6, 6, Red));
        using var forced = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 3, Channels = 1 });
        Assert.Equal(1, forced.Channels);
        AssertSolid(forced.Unlabeled, 0, (byte)Math.Round((0.299 * 200) + (0.587 * 30) + (0.114 * 10)));
    }

    [Fact]
    public void An_undecodable_image_stops_the_load_naming_the_file_unless_bad_images_are_skipped()
    {
        using var dir = new TempFolder();
        dir.Write("labeled/a/ok.png", Png(4, 4, Red));
        dir.Write("labeled/b/ok.png", Png(4, 4, Blue));
        var broken = dir.Write("unlabeled/broken.png", Png(4, 4, Green)[..30]);
        var garbage = dir.Write("unlabeled/garbage.jpg", [1, 2, 3, 4, 5]);
        dir.Write("unlabeled/fine.png", Png(4, 4, Green));

        var error = Assert.Throws<DataFormatException>(() => ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 4 }));
        Assert.StartsWith(broken, error.Message, StringComparison.Ordinal);
        Assert.Contains("--skip-bad-images", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 more", error.Message, StringComparison.Ordinal);

        using var data = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 4, SkipBadImages = true });
        Assert.Equal([broken, garbage], data.Skipped.Select(s => s.Path));
        Assert.Equal(1, (int)data.Unlabeled.shape[0]);
        Assert.EndsWith("fine.png", data.UnlabeledPaths[0], StringComparison.Ordinal);
        var listed = Path.Combine(dir.Path, "skipped.txt");
        SkippedImage.WriteList(listed, data.Skipped);
        Assert.Equal(2, File.ReadAllLines(listed).Length);
    }

    [Fact]
    public void Wrong_layouts_are_refused_with_the_folder_named()
    {
        using var dir = new TempFolder();
        dir.Write("train/a/1.png", Png(4, 4, Red));
        var noLabeled = Assert.Throws<DataFormatException>(() => ImageFolderLayout.Scan(dir.Path));
        Assert.Contains("has no labeled/ folder", noLabeled.Message, StringComparison.Ordinal);
        Assert.Contains("train/", noLabeled.Message, StringComparison.Ordinal);

        var stray = dir.Write("labeled/loose.png", Png(4, 4, Red));
        dir.Write("labeled/a/1.png", Png(4, 4, Red));
        Assert.StartsWith(stray, Assert.Throws<DataFormatException>(() => ImageFolderLayout.Scan(dir.Path)).Message, StringComparison.Ordinal);
        File.Delete(stray);

        dir.Write("test/zebra/1.png", Png(4, 4, Red));
        var unknown = Assert.Throws<DataFormatException>(() => ImageFolderLayout.Scan(dir.Path));
        Assert.Contains("zebra", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("is not one of the 1 classes", unknown.Message, StringComparison.Ordinal);

        Directory.Delete(dir.File("test/zebra"), recursive: true);
        dir.Write("test/a/1.png", Png(4, 4, Red));
        var both = Assert.Throws<DataFormatException>(() => ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 4, ValidationPerClass = 1 }));
        Assert.Contains("no validation split is held out", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_reports_counts_sizes_grey_and_every_unreadable_file()
    {
        using var dir = new TempFolder();
        dir.Write("labeled/a/1.png", Png(10, 7, Red));
        dir.Write("labeled/a/2.png", Png(3, 4, new SKColor(5, 5, 5)));
        dir.Write("labeled/b/1.bmp", Bmp(8, 8, Blue));
        var bad = dir.Write("unlabeled/x/bad.webp", [0, 1, 2]);
        dir.Write("unlabeled/y/ok.gif", Gif(2, 3, Green));

        var report = ImageFolderReport.Check(dir.Path);

        Assert.Equal(["labeled a", "labeled b", "unlabeled "], report.Groups.Select(g => $"{g.Part} {g.ClassName}"));
        Assert.Equal([2, 1, 1], report.Groups.Select(g => g.Images.Count));
        var a = report.Groups[0].Images;
        Assert.Equal((10, 7, false), (a[0].Width, a[0].Height, a[0].IsGrey));
        Assert.Equal((3, 4, true), (a[1].Width, a[1].Height, a[1].IsGrey));
        Assert.Equal((2, 3), (report.Groups[2].Images[0].Width, report.Groups[2].Images[0].Height));
        Assert.Equal(bad, Assert.Single(report.Unreadable).Path);
    }
}
