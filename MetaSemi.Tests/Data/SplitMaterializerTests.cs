using MetaSemi.Data;

namespace MetaSemi.Tests.Data;

public sealed class SplitMaterializerTests
{
    [Fact]
    public void Materialises_labeled_and_unlabeled_folders_with_links_and_is_idempotent()
    {
        using var dir = new TempFolder();
        dir.Write("train/n01/a.JPEG", [1, 2, 3]);
        dir.Write("train/n01/b.JPEG", [4]);
        dir.Write("train/n02/c.JPEG", [5, 6]);
        dir.Write("lab.txt", "n01/a.JPEG\nn02/c.JPEG\n"u8.ToArray());
        dir.Write("unl.txt", "n01/b.JPEG\n\n"u8.ToArray());

        var first = SplitMaterializer.Materialize(dir.File("train"), dir.File("lab.txt"), dir.File("unl.txt"), dir.File("out"));

        Assert.Equal(3, first.Linked + first.Copied);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(3, first.Linked); // same file system: hard links, not copies
        }
        Assert.Equal(0, first.AlreadyPresent);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(dir.File("out/labeled/n01/a.JPEG")));
        Assert.Equal([5, 6], File.ReadAllBytes(dir.File("out/labeled/n02/c.JPEG")));
        Assert.Equal([4], File.ReadAllBytes(dir.File("out/unlabeled/n01/b.JPEG")));
        Assert.False(File.Exists(dir.File("out/unlabeled/n01/a.JPEG")));

        // An interrupted earlier run left a truncated file: it is replaced, the rest is kept.
        File.Delete(dir.File("out/unlabeled/n01/b.JPEG"));
        File.WriteAllBytes(dir.File("out/unlabeled/n01/b.JPEG.partial"), []);
        var second = SplitMaterializer.Materialize(dir.File("train"), dir.File("lab.txt"), dir.File("unl.txt"), dir.File("out"));
        Assert.Equal(new MaterializeResult(second.Linked, second.Copied, 2), second);
        Assert.Equal(1, second.Linked + second.Copied);
        Assert.Equal([4], File.ReadAllBytes(dir.File("out/unlabeled/n01/b.JPEG")));

        var third = SplitMaterializer.Materialize(dir.File("train"), dir.File("lab.txt"), dir.File("unl.txt"), dir.File("out"));
        Assert.Equal(new MaterializeResult(0, 0, 3), third);
    }

    [Fact]
    public void Bad_lists_and_missing_images_are_reported_with_the_list_and_line()
    {
        using var dir = new TempFolder();
        dir.Write("train/n01/a.JPEG", [1]);
        dir.Write("bad.txt", "n01/a.JPEG\n../etc/passwd\n"u8.ToArray());
        dir.Write("ok.txt", "n01/a.JPEG\n"u8.ToArray());
        dir.Write("missing.txt", "n01/zz.JPEG\n"u8.ToArray());
        dir.Write("empty.txt", []);

        var e1 = Assert.Throws<DataFormatException>(() => SplitMaterializer.ReadList(dir.File("bad.txt")));
        Assert.Contains("item 2", e1.Message, StringComparison.Ordinal);
        Assert.Throws<DataFormatException>(() =>
            SplitMaterializer.Materialize(dir.File("train"), dir.File("ok.txt"), dir.File("ok.txt"), dir.File("out")));
        var e3 = Assert.Throws<FileNotFoundException>(() =>
            SplitMaterializer.Materialize(dir.File("train"), dir.File("missing.txt"), dir.File("empty.txt"), dir.File("out")));
        Assert.Contains("n01/zz.JPEG", e3.Message, StringComparison.Ordinal);
    }
}
