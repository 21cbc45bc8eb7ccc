using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using SkiaSharp;

namespace MetaSemi.Tests.Cli;

/// <summary><c>im2rec</c> packing as im2rec.py does: re-encoded JPEG at --quality, shorter side --resize, or --pass-through bytes.</summary>
public sealed class Im2RecEncodingTests
{
    private const int Width = 40, Height = 30;

    /// <summary>ROOT/c{k}/img{i}.png: gradients, a grey checkerboard of 5-pixel blocks (sharp in brightness, not in colour, which JPEG keeps at half resolution) and a little noise, so JPEG quality visibly changes size and error.</summary>
    private static string WriteImages(TempFolder folder)
    {
        var root = folder.File("images");
        var random = new Random(7);
        for (int c = 0; c < 2; c++)
        {
            Directory.CreateDirectory(Path.Combine(root, $"c{c}"));
            for (int i = 0; i < 3; i++)
            {
                using var bitmap = new SKBitmap(Width, Height);
                for (int y = 0; y < Height; y++)
                {
                    for (int x = 0; x < Width; x++)
                    {
                        int block = ((x / 5) + (y / 5)) % 2 * 60;
                        bitmap.SetPixel(x, y, new SKColor((byte)(4 * x + block + random.Next(8)), (byte)(6 * y + block + random.Next(8)), (byte)(100 * c + 20 * i + block)));
                    }
                }

                using var image = SKImage.FromBitmap(bitmap);
                using var png = image.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(root, $"c{c}", $"img{i}.png"), png.ToArray());
            }
        }

        return root;
    }

    private static string ListAndPack(TempFolder folder, string root, string name, params string[] packFlags)
    {
        var prefix = folder.File(name);
        var list = CliHarness.Run(CommandHandlers.Default, "im2rec", prefix, root, "--list", "--recursive");
        Assert.True(list.ExitCode == 0, list.Error);
        var pack = CliHarness.Run(CommandHandlers.Default, ["im2rec", prefix, root, .. packFlags]);
        Assert.True(pack.ExitCode == 0, pack.Error);
        return prefix;
    }

    private static SKBitmap Decode(byte[] encoded, out SKEncodedImageFormat format)
    {
        using var codec = SKCodec.Create(new MemoryStream(encoded));
        format = codec.EncodedFormat;
        return SKBitmap.Decode(encoded);
    }

    /// <summary>Mean absolute difference of the RGB channels of two same-sized images, in 0–255 units.</summary>
    private static double MeanAbsoluteError(SKBitmap a, SKBitmap b)
    {
        double sum = 0;
        for (int y = 0; y < a.Height; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                var p = a.GetPixel(x, y);
                var q = b.GetPixel(x, y);
                sum += Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue);
            }
        }

        return sum / (3.0 * a.Width * a.Height);
    }

    private static SKBitmap Original(string root, ImageListEntry entry) => SKBitmap.Decode(Path.Combine(root, entry.RelativePath));

    [Fact]
    public void Resize_makes_the_shorter_side_n_keeping_the_aspect_and_stores_jpeg_at_the_quality()
    {
        using var folder = new TempFolder();
        var root = WriteImages(folder);
        var prefix = ListAndPack(folder, root, "small", "--resize", "15", "--quality", "90", "--num-thread", "2");

        using var set = RecordIOImageSet.Open(prefix);
        Assert.Equal(6, set.Count);
        var entries = ImageListFile.Read(prefix + ".lst");
        for (int i = 0; i < set.Count; i++)
        {
            using var image = Decode(set.ReadEncoded(i), out var format);
            Assert.Equal(SKEncodedImageFormat.Jpeg, format);

            // 40×30 → shorter side 15: 20×15, as im2rec.py's (w·15/h, 15).
            Assert.Equal((20, 15), (image.Width, image.Height));
        }

        Assert.Equal(entries.Select(e => (long)e.Labels[0]), set.Labels);
    }

    [Fact]
    public void Lower_quality_gives_smaller_records_and_larger_error_and_high_quality_stays_close()
    {
        using var folder = new TempFolder();
        var root = WriteImages(folder);
        var high = ListAndPack(folder, root, "high", "--quality", "95");
        var low = ListAndPack(folder, root, "low", "--quality", "10");

        using var highSet = RecordIOImageSet.Open(high);
        using var lowSet = RecordIOImageSet.Open(low);
        var entries = ImageListFile.Read(high + ".lst");
        long highBytes = 0, lowBytes = 0;
        for (int i = 0; i < highSet.Count; i++)
        {
            var highEncoded = highSet.ReadEncoded(i);
            var lowEncoded = lowSet.ReadEncoded(i);
            highBytes += highEncoded.Length;
            lowBytes += lowEncoded.Length;
            using var original = Original(root, entries[i]);
            using var highImage = Decode(highEncoded, out var format);
            using var lowImage = Decode(lowEncoded, out _);
            Assert.Equal(SKEncodedImageFormat.Jpeg, format);
            Assert.Equal((Width, Height), (highImage.Width, highImage.Height));
            double highError = MeanAbsoluteError(original, highImage);
            double lowError = MeanAbsoluteError(original, lowImage);
            Assert.True(highError < 5, $"quality 95: mean error {highError:F2}");
            Assert.True(lowError > 4 * highError, $"quality 10: mean error {lowError:F2} vs {highError:F2} at 95");
        }

        // Each record keeps JPEG's fixed headers (~600 bytes), so the sizes differ by less than the errors do.
        Assert.True(lowBytes < 0.7 * highBytes, $"quality 10: {lowBytes} bytes, quality 95: {highBytes} bytes");
    }

    [Fact]
    public void Pass_through_stores_the_files_bytes_and_png_encoding_is_lossless()
    {
        using var folder = new TempFolder();
        var root = WriteImages(folder);
        var raw = ListAndPack(folder, root, "raw", "--pass-through");
        var png = ListAndPack(folder, root, "png", "--encoding", ".png");

        using var rawSet = RecordIOImageSet.Open(raw);
        using var pngSet = RecordIOImageSet.Open(png);
        var entries = ImageListFile.Read(raw + ".lst");
        for (int i = 0; i < rawSet.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(root, entries[i].RelativePath)), rawSet.ReadEncoded(i));
            using var original = Original(root, entries[i]);
            using var decoded = Decode(pngSet.ReadEncoded(i), out var format);
            Assert.Equal(SKEncodedImageFormat.Png, format);
            Assert.Equal(0, MeanAbsoluteError(original, decoded));
        }
    }

    [Fact]
    public void Center_crop_keeps_the_centred_square_before_resizing()
    {
        using var folder = new TempFolder();
        var root = WriteImages(folder);
        var exact = ListAndPack(folder, root, "square", "--center-crop", "--encoding", ".png");
        var small = ListAndPack(folder, root, "square-small", "--center-crop", "--resize", "12");

        using var exactSet = RecordIOImageSet.Open(exact);
        using var smallSet = RecordIOImageSet.Open(small);
        var entries = ImageListFile.Read(exact + ".lst");
        for (int i = 0; i < exactSet.Count; i++)
        {
            // 40×30 → the 30×30 square from column (40 − 30) / 2 = 5, pixel for pixel.
            using var original = Original(root, entries[i]);
            using var expected = new SKBitmap();
            Assert.True(original.ExtractSubset(expected, new SKRectI(5, 0, 35, 30)));
            using var square = Decode(exactSet.ReadEncoded(i), out _);
            Assert.Equal((30, 30), (square.Width, square.Height));
            Assert.Equal(0, MeanAbsoluteError(expected, square));

            using var resized = Decode(smallSet.ReadEncoded(i), out _);
            Assert.Equal((12, 12), (resized.Width, resized.Height));
        }
    }

    [Theory]
    [InlineData(".jpg", SKEncodedImageFormat.Jpeg)]
    [InlineData(".png", SKEncodedImageFormat.Png)]
    public void Color_zero_stores_one_grey_channel(string encoding, SKEncodedImageFormat expectedFormat)
    {
        using var folder = new TempFolder();
        var root = WriteImages(folder);
        var prefix = ListAndPack(folder, root, "grey", "--color", "0", "--encoding", encoding);

        using var set = RecordIOImageSet.Open(prefix);
        var encoded = set.ReadEncoded(0);
        using (var codec = SKCodec.Create(new MemoryStream(encoded)))
        {
            Assert.Equal(expectedFormat, codec.EncodedFormat);
            Assert.Equal(SKColorType.Gray8, codec.Info.ColorType);
        }

        using var image = SKBitmap.Decode(encoded);
        Assert.Equal((Width, Height), (image.Width, image.Height));
        Assert.All(image.Pixels, p => Assert.True(p.Red == p.Green && p.Green == p.Blue, $"pixel {p} is not grey"));
    }

    [Fact]
    public void Multi_label_lines_keep_every_label_only_with_pack_label()
    {
        using var folder = new TempFolder();
        var root = WriteImages(folder);
        var prefix = folder.File("multi");
        ImageListFile.Write(prefix + ".lst", [new ImageListEntry(0, [1f, 3f, 5f], "c0/img0.png"), new ImageListEntry(1, [0f, 2f, 4f], "c1/img1.png")]);

        Assert.Equal(0, CliHarness.Run(CommandHandlers.Default, "im2rec", prefix, root, "--pass-through").ExitCode);
        using (var reader = new RecordIOReader(prefix + ".rec", prefix + ".idx"))
        {
            Assert.Equal([[1f], [0f]], reader.ReadAll().Select(r => r.Labels.ToArray()));
        }

        Assert.Equal(0, CliHarness.Run(CommandHandlers.Default, "im2rec", prefix, root, "--pass-through", "--pack-label").ExitCode);
        using (var reader = new RecordIOReader(prefix + ".rec", prefix + ".idx"))
        {
            Assert.Equal([[1f, 3f, 5f], [0f, 2f, 4f]], reader.ReadAll().Select(r => r.Labels.ToArray()));
        }
    }

    [Theory]
    [InlineData(new[] { "--resize", "64", "--pass-through" }, "--resize 64 with --pass-through")]
    [InlineData(new[] { "--center-crop", "--pass-through" }, "--center-crop with --pass-through")]
    [InlineData(new[] { "--color", "2" }, "--color 2: expected 1 (colour), 0 (grey) or -1 (unchanged)")]
    [InlineData(new[] { "--quality", "101" }, "--quality 101: expected a JPEG quality between 1 and 100")]
    [InlineData(new[] { "--encoding", ".bmp" }, "--encoding '.bmp' is not one of: .jpg, .png")]
    public void Contradictory_or_out_of_range_packing_flags_are_refused(string[] flags, string message)
    {
        using var folder = new TempFolder();
        var root = WriteImages(folder);
        var prefix = folder.File("train");
        Assert.Equal(0, CliHarness.Run(CommandHandlers.Default, "im2rec", prefix, root, "--list", "--recursive").ExitCode);
        var result = CliHarness.Run(CommandHandlers.Default, ["im2rec", prefix, root, .. flags]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(prefix + ".rec"));
    }
}
