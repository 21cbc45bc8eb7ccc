using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Tests.Data;

public sealed class AugmentationTests
{
    private static torch.Tensor RandomImages(int n, int c = 3, int h = 32, int w = 32, int seed = 1)
    {
        var bytes = new byte[n * c * h * w];
        new Random(seed).NextBytes(bytes);
        return torch.tensor(bytes, [n, c, h, w], torch.ScalarType.Byte);
    }

    private static bool Same(torch.Tensor a, torch.Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    /// <summary>The crop computed pixel by pixel from the definition: padded(y + oy, x + ox), mirrored if asked.</summary>
    private static byte Expected(byte[] img, int c, int h, int w, int pad, int oy, int ox, bool flip, int ch, int y, int x)
    {
        int sx = flip ? w - 1 - x : x;
        int py = y + oy - pad, px = sx + ox - pad;
        return py < 0 || py >= h || px < 0 || px >= w ? (byte)0 : img[(ch * h * w) + (py * w) + px];
    }

    [Fact]
    public void Crop_offsets_lie_in_0_to_twice_the_padding_and_cover_the_range()
    {
        var aug = KnownDatasets.Cifar10.CreateAugmentation();
        using var g = new torch.Generator(3);
        using var draw = aug.Draw(4000, g);

        foreach (var offsets in new[] { draw.OffsetY, draw.OffsetX })
        {
            var values = offsets.data<long>().ToArray();
            Assert.Equal(Enumerable.Range(0, 9).Select(v => (long)v), values.Distinct().Order());
        }

        double flipShare = draw.Flip.to(torch.float64).mean().item<double>();
        Assert.InRange(flipShare, 0.45, 0.55);
    }

    [Fact]
    public void Crop_and_flip_match_the_pixel_definition_with_zero_padding()
    {
        const int N = 6, C = 3, H = 8, W = 7, Pad = 4;
        using var images = RandomImages(N, C, H, W);
        var bytes = images.data<byte>().ToArray();
        var aug = new CropFlipAugmentation(KnownDatasets.Cifar10.Normalization, Pad, horizontalFlip: true);
        long[] oy = [0, 8, 3, 4, 8, 1], ox = [8, 0, 5, 4, 2, 7];
        bool[] flip = [false, true, true, false, false, true];
        using var draw = new CropFlipDraw(torch.tensor(oy), torch.tensor(ox), torch.tensor(flip));

        using var result = aug.CropAndFlip(images, draw);

        var got = result.data<byte>().ToArray();
        for (int n = 0; n < N; n++)
        {
            var img = bytes.AsSpan(n * C * H * W, C * H * W).ToArray();
            for (int ch = 0; ch < C; ch++)
            {
                for (int y = 0; y < H; y++)
                {
                    for (int x = 0; x < W; x++)
                    {
                        Assert.Equal(Expected(img, C, H, W, Pad, (int)oy[n], (int)ox[n], flip[n], ch, y, x), got[(((n * C) + ch) * H * W) + (y * W) + x]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Flip_exactly_mirrors_the_unflipped_crop()
    {
        using var images = RandomImages(5);
        var aug = KnownDatasets.Cifar100.CreateAugmentation();
        using var oy = torch.tensor(new long[] { 0, 1, 2, 3, 4 });
        using var ox = torch.tensor(new long[] { 8, 7, 6, 5, 4 });
        using var plain = new CropFlipDraw(oy.clone(), ox.clone(), torch.zeros(5, dtype: torch.@bool));
        using var mirrored = new CropFlipDraw(oy.clone(), ox.clone(), torch.ones(5, dtype: torch.@bool));

        using var a = aug.CropAndFlip(images, plain);
        using var b = aug.CropAndFlip(images, mirrored);
        using var centred = new CropFlipDraw(torch.full(5, 4L), torch.full(5, 4L), torch.zeros(5, dtype: torch.@bool));
        using var identity = aug.CropAndFlip(images, centred);

        Assert.True(Same(b, a.flip(3)));
        Assert.True(Same(identity, images));
    }

    [Fact]
    public void SVHN_never_flips()
    {
        var aug = KnownDatasets.Get("svhn").CreateAugmentation();
        using var g = new torch.Generator(11);
        using var draw = aug.Draw(2000, g);

        Assert.False(aug.HorizontalFlip);
        Assert.False(draw.Flip.any().item<bool>());
        Assert.False(KnownDatasets.Mnist.HorizontalFlip);
    }

    [Fact]
    public void Normalisation_uses_the_reference_constants_per_channel()
    {
        Assert.Equal([0.49139968, 0.48215841, 0.44653091], KnownDatasets.Get("cifar10").Normalization.Mean);
        Assert.Equal([0.24703223, 0.24348513, 0.26158784], KnownDatasets.Get("CIFAR-10").Normalization.Std);
        Assert.Equal([0.50707516, 0.48654887, 0.44091784], KnownDatasets.Get("cifar100").Normalization.Mean);
        Assert.Equal([0.26733429, 0.25643846, 0.27615047], KnownDatasets.Get("cifar100").Normalization.Std);
        Assert.Equal([0.4376821, 0.4437697, 0.47280442], KnownDatasets.Get("svhn").Normalization.Mean);
        Assert.Equal([0.19803012, 0.20101562, 0.19703614], KnownDatasets.Get("svhn").Normalization.Std);
        Assert.Equal([0.485, 0.456, 0.406], KnownDatasets.Get("imagenet").Normalization.Mean);
        Assert.Equal(1000, KnownDatasets.Get("imagenet").NumClasses);
        Assert.Equal(100, KnownDatasets.Get("cifar100").NumClasses);
        Assert.Throws<ArgumentException>(() => KnownDatasets.Get("cifar11"));

        // Pixel value v in channel c maps to (v/255 − mean_c)/std_c.
        var norm = KnownDatasets.Cifar10.Normalization;
        using var images = RandomImages(2, h: 3, w: 3);
        using var result = norm.Apply(images);
        var px = images.data<byte>().ToArray();
        var got = result.data<float>().ToArray();
        for (int i = 0; i < px.Length; i++)
        {
            int c = (i / 9) % 3;
            Assert.Equal(((px[i] / 255.0) - norm.Mean[c]) / norm.Std[c], got[i], 1e-5);
        }
    }

    [Fact]
    public void FromImages_measures_per_channel_mean_and_population_std()
    {
        using var images = torch.tensor(new byte[] { 0, 255, 0, 255, 0, 102, 0, 102 }, [1, 2, 2, 2], torch.ScalarType.Byte);
        var n = Normalization.FromImages(images);
        Assert.Equal(0.5, n.Mean[0], 12);
        Assert.Equal(0.5, n.Std[0], 12);
        Assert.Equal(0.2, n.Mean[1], 12);
        Assert.Equal(0.2, n.Std[1], 12);
    }

    [Fact]
    public void FromImages_equals_a_float64_computation_and_does_not_depend_on_the_order_of_the_images()
    {
        using var images = RandomImages(300, c: 3, h: 128, w: 128, seed: 9);
        var n = Normalization.FromImages(images);
        using var x = images.to(torch.float64) / 255.0;
        var mean = x.mean([0, 2, 3]).data<double>().ToArray();
        var std = x.std([0, 2, 3], unbiased: false).data<double>().ToArray();
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(mean[c], n.Mean[c], 12);
            Assert.Equal(std[c], n.Std[c], 12);
        }

        // Exact integer sums: the reversed set (read in two chunks of 256 and 44 images, other ones) gives the same bits.
        using var reversed = images.flip(0);
        var r = Normalization.FromImages(reversed);
        Assert.Equal(n.Mean, r.Mean);
        Assert.Equal(n.Std, r.Std);
    }

    [Fact]
    public void Same_seed_gives_the_same_augmented_batch_and_another_seed_another()
    {
        using var images = RandomImages(16);
        var aug = KnownDatasets.Cifar10.CreateAugmentation();
        using var g1 = new torch.Generator(42);
        using var g2 = new torch.Generator(42);
        using var g3 = new torch.Generator(43);

        using var a = aug.Augment(images, g1);
        using var b = aug.Augment(images, g2);
        using var c = aug.Augment(images, g3);

        Assert.Equal(torch.ScalarType.Float32, a.dtype);
        Assert.True(Same(a, b));
        Assert.False(Same(a, c));
    }
}
