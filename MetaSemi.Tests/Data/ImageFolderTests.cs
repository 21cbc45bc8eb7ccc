using MetaSemi.Data;
using SkiaSharp;
using TorchSharp;

namespace MetaSemi.Tests.Data;

public sealed class ImageFolderTests
{
    /// <summary>A lossless PNG whose pixel (x, y) is (R, G, B) = (10x + c, 10y + c, c).</summary>
    private static byte[] Png(int width, int height, byte c)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)((10 * x) + c), (byte)((10 * y) + c), c));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static TempFolder Tree()
    {
        var dir = new TempFolder();
        dir.Write("train/cat/1.png", Png(8, 8, 1));
        dir.Write("train/cat/2.png", Png(12, 9, 2));
        dir.Write("train/dog/3.PNG", Png(9, 14, 3));
        dir.Write("train/dog/readme.txt", [1, 2]);
        return dir;
    }

    [Fact]
    public void Folder_lists_classes_and_images_in_ordinal_order_and_decodes_exact_RGB_pixels()
    {
        using var dir = Tree();
        var folder = ImageFolder.Open(dir.File("train"));

        Assert.Equal(["cat", "dog"], folder.ClassNames);
        Assert.Equal([0L, 0, 1], folder.Labels);
        Assert.EndsWith("3.PNG", folder.GetPath(2), StringComparison.Ordinal);

        // Centre crop with resize = output = 8 on an 8×8 image is the identity.
        using var batch = ImageDecoder.DecodeBatch(folder, [0], new CenterCrop(8, 8));
        Assert.Equal([1L, 3, 8, 8], batch.shape);
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                Assert.Equal((10 * x) + 1, batch[0, 0, y, x].item<byte>());
                Assert.Equal((10 * y) + 1, batch[0, 1, y, x].item<byte>());
                Assert.Equal(1, batch[0, 2, y, x].item<byte>());
            }
        }
    }

    [Fact]
    public void Random_resized_crops_stay_inside_the_image_with_area_and_ratio_in_range()
    {
        var policy = new RandomResizedCrop(224);
        var random = new Random(4);
        int fallbacks = 0;
        for (int k = 0; k < 2000; k++)
        {
            int w = random.Next(1, 600), h = random.Next(1, 600);
            var u = Enumerable.Range(0, policy.UniformsPerImage).Select(_ => random.NextDouble()).ToArray();
            var r = policy.Choose(w, h, u);
            Assert.InRange(r.X, 0, w - r.Width);
            Assert.InRange(r.Y, 0, h - r.Height);
            Assert.True(r.Width > 0 && r.Height > 0);
            double area = (double)r.Width * r.Height / (w * h);
            double ratio = (double)r.Width / r.Height;
            if (w >= 40 && h >= 40 && area < 1 && ratio is > 0.75 and < 1.33)
            {
                // Rounding to whole pixels moves area and ratio by a little.
                Assert.InRange(area, 0.09, 1.0);
            }
            else
            {
                fallbacks++;
            }
        }

        Assert.True(fallbacks < 2000);
        // Whole-image fallback when the image is far outside the ratio range: the central 0.8 crop of a tall image.
        var tall = policy.Choose(100, 1000, Enumerable.Repeat(0.999, policy.UniformsPerImage).ToArray());
        Assert.Equal(new CropRect(0, 437, 100, 125), tall);
    }

    [Fact]
    public void Encoded_pipeline_is_seeded_and_a_folder_feeds_the_paired_stream()
    {
        using var dir = Tree();
        var folder = ImageFolder.Open(dir.File("train"));
        var images = new EncodedImages(folder, trainCrop: new RandomResizedCrop(6), testCrop: new CenterCrop(7, 6));

        using var g1 = new torch.Generator(3);
        using var g2 = new torch.Generator(3);
        using var a = images.TrainImages([0, 1, 2], g1);
        using var b = images.TrainImages([0, 1, 2], g2);
        Assert.Equal([3L, 3, 6, 6], a.shape);
        Assert.True(a.eq(b).all().item<bool>());

        using var stream = new PairedBatchStream(images, [0, 2], [1], batchSize: 2, seed: 1);
        using var pair = stream.Next();
        Assert.Equal([2L, 3, 6, 6], pair.Labeled.Images.shape);
        Assert.Equal([1L, 1], pair.Unlabeled.Labels!.data<long>().ToArray().Select(_ => 1L));

        var test = new TestBatchSource(images);
        Assert.Equal([0L, 0, 1], test.GetBatches(2).SelectMany(x => x.Labels!.data<long>().ToArray()));
    }

    [Fact]
    public void Registered_folder_pipeline_uses_ImageNet_constants_and_sizes()
    {
        using var dir = Tree();
        var images = KnownDatasets.Get("folder").CreateEncodedImages(ImageFolder.Open(dir.File("train")));

        Assert.Equal(224, images.TrainCrop.OutputSize);
        Assert.Equal(256, ((CenterCrop)images.TestCrop).ResizeTo);
        Assert.Equal([0.229, 0.224, 0.225], images.Normalization.Std);
        using var test = images.TestImages([2]);
        Assert.Equal([1L, 3, 224, 224], test.shape);
        Assert.Throws<ArgumentException>(() => KnownDatasets.ImageNet.CreateEncodedImages(ImageFolder.Open(dir.File("train"))));
    }

    [Fact]
    public void RecordIO_pack_of_a_folder_decodes_like_the_folder()
    {
        using var dir = Tree();
        Im2Rec.PackFolder(dir.File("train"), dir.File("rec/train"));
        using var pack = RecordIOImageSet.Open(dir.File("rec/train"), ["cat", "dog"]);
        var folder = ImageFolder.Open(dir.File("train"));

        Assert.Equal(folder.Labels, pack.Labels);
        using var fromPack = ImageDecoder.DecodeBatch(pack, [2, 0, 1], new CenterCrop(10, 8));
        using var fromFolder = ImageDecoder.DecodeBatch(folder, [2, 0, 1], new CenterCrop(10, 8));
        Assert.True(fromPack.eq(fromFolder).all().item<bool>());
    }

    [Fact]
    public void Empty_class_folders_and_undecodable_images_are_named_in_the_error()
    {
        using var dir = Tree();
        Directory.CreateDirectory(dir.File("train/emu"));
        var e1 = Assert.Throws<DataFormatException>(() => ImageFolder.Open(dir.File("train")));
        Assert.Contains("emu", e1.Message, StringComparison.Ordinal);
        Directory.Delete(dir.File("train/emu"));

        dir.Write("train/dog/4.png", [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
        var folder = ImageFolder.Open(dir.File("train"));
        var e2 = Assert.Throws<DataFormatException>(() => ImageDecoder.DecodeBatch(folder, [0, 3], new CenterCrop(8, 8)).Dispose());
        Assert.Contains("4.png", e2.Message, StringComparison.Ordinal);
        Assert.Throws<DataFormatException>(() => ImageFolder.Open(dir.File("train"), ["cat"]));

        var png = Png(20, 20, 5);
        dir.Write("train/dog/4.png", png[..(png.Length / 2)]);
        var e3 = Assert.Throws<DataFormatException>(() => ImageDecoder.DecodeBatch(folder, [3], new CenterCrop(8, 8)).Dispose());
        Assert.Contains("4.png", e3.Message, StringComparison.Ordinal);
    }
}

public sealed class ImageDecoderFuzzTests
{
    [Fact]
    public void Corrupted_PNG_files_decode_or_raise_only_DataFormatException()
    {
        using var dir = new TempFolder();
        using (var bitmap = new SkiaSharp.SKBitmap(16, 16))
        {
            bitmap.Erase(new SkiaSharp.SKColor(10, 200, 30));
            using var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            dir.Write("c/valid.png", png.ToArray());
        }

        var valid = File.ReadAllBytes(dir.File("c/valid.png"));
        var random = new Random(21);
        for (int k = 0; k < 200; k++)
        {
            var bytes = (byte[])valid.Clone();
            if (k % 2 == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }
            else
            {
                for (int j = random.Next(1, 5); j > 0; j--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }
            }

            dir.Write($"c/{k:D3}.png", bytes);
        }

        var folder = ImageFolder.Open(dir.Path);
        int rejected = 0;
        for (int i = 0; i < folder.Count; i++)
        {
            try
            {
                ImageDecoder.DecodeBatch(folder, [i], new CenterCrop(4, 4)).Dispose();
            }
            catch (DataFormatException e)
            {
                Assert.Contains(folder.GetPath(i), e.Message, StringComparison.Ordinal);
                rejected++;
            }
        }

        Assert.True(rejected > 50, $"only {rejected} of 200 corrupted images were rejected");
    }
}
