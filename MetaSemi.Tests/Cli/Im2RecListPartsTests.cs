using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Running;
using MetaSemi.Data;
using SkiaSharp;

namespace MetaSemi.Tests.Cli;

/// <summary><c>im2rec --list --chunks --train-ratio --test-ratio</c>: im2rec.py's division of the list into files.</summary>
public sealed class Im2RecListPartsTests
{
    private static ImageListEntry[] Entries(int n) => [.. Enumerable.Range(0, n).Select(i => new ImageListEntry((ulong)i, [i % 2], $"c{i % 2}/img{i}.png"))];

    private static (string Path, ulong[] Indices)[] Parts(int n, int chunks, double train, double test) =>
        [.. Im2RecListParts.Split("p", Entries(n), chunks, train, test).Select(p => (p.Path, p.Entries.Select(e => e.Index).ToArray()))];

    [Fact]
    public void Defaults_write_one_list_of_everything()
    {
        Assert.Equal([("p.lst", new ulong[] { 0, 1, 2, 3, 4 })], Parts(5, 1, 1.0, 0));
    }

    [Fact]
    public void Ratios_cut_test_then_train_then_val_rounding_down()
    {
        // 10 lines: test ⌊10·0.25⌋ = 2, train ⌊10·0.5⌋ = 5, val the remaining 3.
        Assert.Equal(
            [("p_test.lst", new ulong[] { 0, 1 }), ("p_val.lst", [7, 8, 9]), ("p_train.lst", [2, 3, 4, 5, 6])],
            Parts(10, 1, 0.5, 0.25));

        // Ratios adding up to 1: no val list.
        Assert.Equal([("p_test.lst", new ulong[] { 0, 1, 2 }), ("p_train.lst", [3, 4, 5, 6, 7, 8, 9])], Parts(10, 1, 0.7, 0.3));
    }

    [Fact]
    public void Chunks_are_consecutive_runs_of_the_rounded_up_size_each_divided_alike()
    {
        // 8 lines in 3 chunks of ⌈8/3⌉ = 3: 3, 3 and 2 lines; the cut points use the nominal size 3 (⌊3·0.5⌋ = 1).
        Assert.Equal([("p_0.lst", new ulong[] { 0, 1, 2 }), ("p_1.lst", [3, 4, 5]), ("p_2.lst", [6, 7])], Parts(8, 3, 1.0, 0));
        Assert.Equal(
            [("p_0_val.lst", new ulong[] { 1, 2 }), ("p_0_train.lst", [0]), ("p_1_val.lst", [4, 5]), ("p_1_train.lst", [3]), ("p_2_val.lst", [7]), ("p_2_train.lst", [6])],
            Parts(8, 3, 0.5, 0));
    }

    [Fact]
    public void The_command_writes_the_parts_and_a_part_packs_by_its_prefix()
    {
        using var folder = new TempFolder();
        var root = folder.File("images");
        for (int c = 0; c < 2; c++)
        {
            Directory.CreateDirectory(Path.Combine(root, $"c{c}"));
            for (int i = 0; i < 4; i++)
            {
                using var bitmap = new SKBitmap(8, 8);
                bitmap.Erase(new SKColor((byte)(100 * c), (byte)(50 * i), 10));
                using var png = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(root, $"c{c}", $"img{i}.png"), png.ToArray());
            }
        }

        var prefix = folder.File("all");
        var list = CliHarness.Run(CommandHandlers.Default, "im2rec", prefix, root, "--list", "--recursive", "--train-ratio", "0.5", "--test-ratio", "0.25");
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains($"{prefix}_train.lst: 4 images", list.Output, StringComparison.Ordinal);
        var parts = new[] { "_test", "_train", "_val" }.Select(s => ImageListFile.Read(prefix + s + ".lst")).ToArray();
        Assert.Equal([2, 4, 2], parts.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (ulong)i), parts.SelectMany(p => p).Select(e => e.Index).Order());
        Assert.False(File.Exists(prefix + ".lst"));

        var pack = CliHarness.Run(CommandHandlers.Default, "im2rec", prefix + "_train", root);
        Assert.True(pack.ExitCode == 0, pack.Error);
        using var set = RecordIOImageSet.Open(prefix + "_train");
        Assert.Equal(4, set.Count);

        var bad = CliHarness.Run(CommandHandlers.Default, "im2rec", prefix, root, "--list", "--train-ratio", "0.8", "--test-ratio", "0.3");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--train-ratio 0.8 and --test-ratio 0.3 add up to more than 1", bad.Error, StringComparison.Ordinal);
    }
}
