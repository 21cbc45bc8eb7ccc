using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Tests.Data;

/// <summary>RandAugment + Cutout (docs/design.md §7): each operation against a hand computation on a tiny image, the draws, determinism.</summary>
public sealed class RandAugmentTests
{
    /// <summary>The 3×3 grey image every single-operation test starts from.</summary>
    private static readonly byte[] Ramp = [10, 20, 30, 40, 50, 60, 70, 80, 90];

    /// <summary>Applies one operation with one value to every image (no Cutout) and returns the pixels.</summary>
    private static byte[] ApplyOne(byte[] pixels, long[] shape, RandAugmentOp op, double value)
    {
        long b = shape[0];
        using var images = torch.tensor(pixels, shape, torch.ScalarType.Byte);
        using var draw = new RandAugmentDraw(
            torch.full([b, 1], (long)op, dtype: torch.int64), torch.full([b, 1], value, dtype: torch.float64),
            torch.zeros(b, dtype: torch.float64), torch.zeros(b, dtype: torch.float64), torch.zeros(b, dtype: torch.float64));
        using var result = RandAugment.Apply(images, draw);
        Assert.Equal(shape, result.shape);
        Assert.Equal(torch.uint8, result.dtype);
        return result.data<byte>().ToArray();
    }

    private static byte[] OnRamp(RandAugmentOp op, double value) => ApplyOne(Ramp, [1, 1, 3, 3], op, value);

    [Fact]
    public void Identity_leaves_the_image_alone()
    {
        Assert.Equal(Ramp, OnRamp(RandAugmentOp.Identity, 0.5));
    }

    [Fact]
    public void AutoContrast_stretches_the_darkest_level_to_0_and_the_brightest_to_255_floored()
    {
        // ⌊(x − 10)·255/80⌋.
        Assert.Equal([0, 31, 63, 95, 127, 159, 191, 223, 255], OnRamp(RandAugmentOp.AutoContrast, 0.3));
        byte[] flat = [7, 7, 7, 7];
        Assert.Equal(flat, ApplyOne(flat, [1, 1, 2, 2], RandAugmentOp.AutoContrast, 0.3));
    }

    [Fact]
    public void Brightness_scales_levels_by_the_factor_floored()
    {
        Assert.Equal([5, 10, 15, 20, 25, 30, 35, 40, 45], OnRamp(RandAugmentOp.Brightness, 0.5));
        // ⌊0.3·x⌋ with 0.3 as float32 (0.30000001): whole results stay whole.
        Assert.Equal([3, 6, 9, 12, 15, 18, 21, 24, 27], OnRamp(RandAugmentOp.Brightness, 0.3));
    }

    [Fact]
    public void Contrast_blends_with_the_mean_grey_level()
    {
        // Mean 50: ⌊50 + 0.5·(x − 50)⌋.
        Assert.Equal([30, 35, 40, 45, 50, 55, 60, 65, 70], OnRamp(RandAugmentOp.Contrast, 0.5));
    }

    [Fact]
    public void Color_and_Contrast_on_rgb_use_PILs_grey_level_and_Color_is_the_identity_on_one_channel()
    {
        Assert.Equal(Ramp, OnRamp(RandAugmentOp.Color, 0.2));

        // Two RGB pixels (200, 100, 50) and (0, 0, 255), planes R, G, B. Grey levels
        // ⌊(19595·R + 38470·G + 7471·B + 32768) / 65536⌋: 8172318/65536 → 124 and 1937873/65536 → 29.
        byte[] rgb = [200, 0, 100, 0, 50, 255];
        // Color 0.5: ⌊g + 0.5·(x − g)⌋.
        Assert.Equal([162, 14, 112, 14, 87, 142], ApplyOne(rgb, [1, 3, 1, 2], RandAugmentOp.Color, 0.5));
        // Contrast 0.5: mean grey ⌊(124 + 29)/2 + 0.5⌋ = 77, then ⌊77 + 0.5·(x − 77)⌋.
        Assert.Equal([138, 38, 88, 38, 63, 166], ApplyOne(rgb, [1, 3, 1, 2], RandAugmentOp.Contrast, 0.5));
    }

    [Fact]
    public void Sharpness_blends_with_the_smoothed_image_and_keeps_the_border()
    {
        byte[] spike = [10, 20, 30, 40, 130, 60, 70, 80, 90];
        // Smoothed centre: (400 + 5·130)/13 = 80.77 → 81; ⌊81 + 0.5·(130 − 81)⌋ = 105. Border pixels blend with themselves.
        Assert.Equal([10, 20, 30, 40, 105, 60, 70, 80, 90], ApplyOne(spike, [1, 1, 3, 3], RandAugmentOp.Sharpness, 0.5));
    }

    [Fact]
    public void Equalize_maps_levels_through_the_images_own_histogram()
    {
        // 32×32: 256 pixels each of 10, 20, 30, 40. step = ⌊(1024 − 256)/255⌋ = 3;
        // lut = ⌊(1 + Σ below)/3⌋: 10 → 0, 20 → 85, 30 → 171, 40 → 256 capped at 255.
        var quarters = Enumerable.Range(0, 1024).Select(i => (byte)(10 * (1 + (i / 256)))).ToArray();
        // A second, constant image in the same batch: step 0, unchanged (each image has its own histogram).
        var batch = quarters.Concat(Enumerable.Repeat((byte)77, 1024)).ToArray();

        var result = ApplyOne(batch, [2, 1, 32, 32], RandAugmentOp.Equalize, 0.5);

        var expected = Enumerable.Range(0, 1024).Select(i => new byte[] { 0, 85, 171, 255 }[i / 256]).Concat(Enumerable.Repeat((byte)77, 1024));
        Assert.Equal(expected, result);
        // Nine distinct levels on 9 pixels: step ⌊8/255⌋ = 0, the identity.
        Assert.Equal(Ramp, OnRamp(RandAugmentOp.Equalize, 0.5));
    }

    [Fact]
    public void Posterize_keeps_the_floor_of_the_value_as_high_bits()
    {
        // 4.7 → 4 bits: ⌊x/16⌋·16.
        Assert.Equal([0, 16, 16, 32, 48, 48, 64, 80, 80], OnRamp(RandAugmentOp.Posterize, 4.7));
        // 7 bits: ⌊x/2⌋·2 — even levels unchanged.
        Assert.Equal(Ramp, OnRamp(RandAugmentOp.Posterize, 7.2));
    }

    [Fact]
    public void Solarize_inverts_levels_at_or_above_the_threshold()
    {
        Assert.Equal([10, 20, 30, 40, 205, 195, 185, 175, 165], OnRamp(RandAugmentOp.Solarize, 50));
        Assert.Equal(Ramp, OnRamp(RandAugmentOp.Solarize, 256));
        Assert.Equal(Ramp.Select(x => (byte)(255 - x)), OnRamp(RandAugmentOp.Solarize, 0));
    }

    [Fact]
    public void TranslateX_and_TranslateY_shift_by_the_fraction_of_the_size_with_black_fill()
    {
        // Output x samples ⌊x + 0.5 + 0.3·3⌋ = x + 1.
        Assert.Equal([20, 30, 0, 50, 60, 0, 80, 90, 0], OnRamp(RandAugmentOp.TranslateX, 0.3));
        // Output y samples ⌊y + 0.5 − 0.9⌋ = y − 1.
        Assert.Equal([0, 0, 0, 10, 20, 30, 40, 50, 60], OnRamp(RandAugmentOp.TranslateY, -0.3));
    }

    [Fact]
    public void ShearX_and_ShearY_follow_PILs_affine_about_the_top_left_corner()
    {
        // ShearX 0.3: x_in = ⌊x + 0.5 + 0.3·(y + 0.5)⌋: rows 0 and 1 unchanged, row 2 shifted by one.
        Assert.Equal([10, 20, 30, 40, 50, 60, 80, 90, 0], OnRamp(RandAugmentOp.ShearX, 0.3));
        // ShearY −0.3: y_in = ⌊y + 0.5 − 0.3·(x + 0.5)⌋: columns 0 and 1 unchanged, column 2 moved down.
        Assert.Equal([10, 20, 0, 40, 50, 30, 70, 80, 60], OnRamp(RandAugmentOp.ShearY, -0.3));
    }

    [Fact]
    public void Rotate_turns_counter_clockwise_about_the_centre_with_black_corners()
    {
        // 90°: output (x, y) samples input (column 2 − y, row x).
        Assert.Equal([30, 60, 90, 20, 50, 80, 10, 40, 70], OnRamp(RandAugmentOp.Rotate, 90));

        // 30° on 4×4 (levels 10…160): input = centre + R(30°)·(output + 0.5 − centre), floored;
        // the nearest sample lies 0.049 from a pixel edge, so float32 cannot tip it.
        var levels = Enumerable.Range(1, 16).Select(i => (byte)(10 * i)).ToArray();
        Assert.Equal(
            [0, 30, 40, 0, 10, 60, 70, 120, 50, 100, 110, 160, 0, 130, 140, 0],
            ApplyOne(levels, [1, 1, 4, 4], RandAugmentOp.Rotate, 30));
    }

    [Fact]
    public void Cutout_fills_PILs_inclusive_square_with_USBs_grey_and_size_zero_draws_nothing()
    {
        // 4×4, size 0.5 → side 2; centre (0.5·4, 0.25·4) = (2, 1): x0 = 1, y0 = 0, x1 = 3, y1 = 2, ends included.
        var zeros = new byte[16];
        using (var images = torch.tensor(zeros, [1, 1, 4, 4], torch.ScalarType.Byte))
        using (var draw = Cutout(size: 0.5, cx: 0.5, cy: 0.25))
        using (var result = RandAugment.Apply(images, draw))
        {
            Assert.Equal(
                [0, 123, 123, 123, 0, 123, 123, 123, 0, 123, 123, 123, 0, 0, 0, 0],
                result.data<byte>().ToArray());
        }

        // RGB: (125, 123, 114) per plane; a small square near the corner is cut at the edge: side 0.5·2 = 1,
        // centre (0, 0) → x0 = y0 = 0, x1 = y1 = 1 on a 2×2 image: every pixel.
        using (var rgb = torch.zeros([1, 3, 2, 2], dtype: torch.uint8))
        using (var draw = Cutout(size: 0.5, cx: 0, cy: 0))
        using (var result = RandAugment.Apply(rgb, draw))
        {
            Assert.Equal([125, 125, 125, 125, 123, 123, 123, 123, 114, 114, 114, 114], result.data<byte>().ToArray());
        }

        using (var images = torch.tensor(Ramp, [1, 1, 3, 3], torch.ScalarType.Byte))
        using (var draw = Cutout(size: 0, cx: 0.5, cy: 0.5))
        using (var result = RandAugment.Apply(images, draw))
        {
            Assert.Equal(Ramp, result.data<byte>().ToArray());
        }
    }

    private static RandAugmentDraw Cutout(double size, double cx, double cy) => new(
        torch.full([1, 1], (long)RandAugmentOp.Identity, dtype: torch.int64), torch.zeros([1, 1], dtype: torch.float64),
        torch.tensor(new[] { size }), torch.tensor(new[] { cx }), torch.tensor(new[] { cy }));

    [Fact]
    public void Operations_apply_left_to_right_and_each_image_of_a_batch_gets_its_own()
    {
        // Image 0: Brightness 0.5 then Solarize 20: levels ⌊x/2⌋ = 5…45, those ≥ 20 inverted.
        // Image 1: Solarize 20 then Brightness 0.5: 10 stays 10 → 5; the rest inverted then halved.
        // Image 2: TranslateX 0.3 then Identity (geometric and colour slots mixed in one batch).
        byte[] three = [.. Ramp, .. Ramp, .. Ramp];
        using var images = torch.tensor(three, [3, 1, 3, 3], torch.ScalarType.Byte);
        long[] ops =
        [
            (long)RandAugmentOp.Brightness, (long)RandAugmentOp.Solarize,
            (long)RandAugmentOp.Solarize, (long)RandAugmentOp.Brightness,
            (long)RandAugmentOp.TranslateX, (long)RandAugmentOp.Identity,
        ];
        double[] values = [0.5, 20, 20, 0.5, 0.3, 0];
        using var draw = new RandAugmentDraw(
            torch.tensor(ops).view(3, 2), torch.tensor(values).view(3, 2),
            torch.zeros(3, dtype: torch.float64), torch.zeros(3, dtype: torch.float64), torch.zeros(3, dtype: torch.float64));

        using var result = RandAugment.Apply(images, draw);

        byte[] first = [5, 10, 15, 235, 230, 225, 220, 215, 210];
        byte[] second = [5, 117, 112, 107, 102, 97, 92, 87, 82];
        byte[] third = [20, 30, 0, 50, 60, 0, 80, 90, 0];
        Assert.Equal([.. first, .. second, .. third], result.data<byte>().ToArray());
    }

    [Fact]
    public void Draws_choose_every_operation_and_keep_values_and_cutout_inside_their_ranges()
    {
        var seen = new HashSet<long>();
        var randAugment = new RandAugment();
        foreach (int seed in new[] { 1, 2, 3, 4, 5, 6, 7, 8 })
        {
            using var g = new torch.Generator((ulong)seed);
            using var draw = randAugment.Draw(2000, g);
            Assert.Equal([2000L, 3], draw.Ops.shape);
            var ops = draw.Ops.data<long>().ToArray();
            var values = draw.Values.data<double>().ToArray();
            for (int i = 0; i < ops.Length; i++)
            {
                var (min, max) = RandAugment.Range((RandAugmentOp)ops[i]);
                Assert.InRange(values[i], min, max);
                seen.Add(ops[i]);
            }

            Assert.All(draw.CutoutSize.data<double>().ToArray(), s => Assert.InRange(s, 0, RandAugment.MaxCutout));
            Assert.All(draw.CutoutCenterX.data<double>().ToArray(), s => Assert.InRange(s, 0, 1));
            Assert.All(draw.CutoutCenterY.data<double>().ToArray(), s => Assert.InRange(s, 0, 1));

            // Uniform: each operation about 1/14 of 6000 draws; values spread over their range.
            var counts = ops.GroupBy(o => o).Select(gr => gr.Count()).ToArray();
            Assert.All(counts, c => Assert.InRange(c, 300, 560));
            var rotate = values.Where((_, i) => ops[i] == (long)RandAugmentOp.Rotate).ToArray();
            Assert.True(rotate.Min() < -25 && rotate.Max() > 25, $"rotations span [{rotate.Min()}, {rotate.Max()}]");
            double meanSize = draw.CutoutSize.mean().item<double>();
            Assert.InRange(meanSize, 0.23, 0.27);
        }

        Assert.Equal(Enumerable.Range(0, RandAugment.OpCount).Select(i => (long)i), seen.Order());
        Assert.Equal((4.0, 8.0), RandAugment.Range(RandAugmentOp.Posterize));
        Assert.Equal((0.0, 256.0), RandAugment.Range(RandAugmentOp.Solarize));
        Assert.Equal((0.05, 0.95), RandAugment.Range(RandAugmentOp.Sharpness));
    }

    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void The_same_seed_gives_the_same_strong_batch_and_another_seed_another(int channels, int size)
    {
        var bytes = new byte[16 * channels * size * size];
        new Random(4).NextBytes(bytes);
        using var images = torch.tensor(bytes, [16, channels, size, size], torch.ScalarType.Byte);
        var normalization = new Normalization(Enumerable.Repeat(0.5, channels).ToArray(), Enumerable.Repeat(0.25, channels).ToArray());
        var strong = new StrongAugmentation(new CropFlipAugmentation(normalization, padding: 2));

        torch.Tensor Run(ulong seed)
        {
            using var g = new torch.Generator(seed);
            return strong.Augment(images, g);
        }

        using var a = Run(11);
        using var b = Run(11);
        using var c = Run(12);
        Assert.Equal(torch.float32, a.dtype);
        Assert.Equal(images.shape, a.shape);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
        using var weak = new CropFlipAugmentation(normalization, padding: 2).Augment(images, new torch.Generator(11));
        Assert.False(a.eq(weak).all().item<bool>(), "the strong view equals the weak one: RandAugment did nothing");
    }

    [Fact]
    public void Images_with_two_channels_or_not_uint8_are_refused_with_their_shape()
    {
        var randAugment = new RandAugment();
        using var g = new torch.Generator(1);
        var two = Assert.Throws<ArgumentException>(() => randAugment.Augment(torch.zeros([1, 2, 4, 4], dtype: torch.uint8), g));
        Assert.Contains("1- or 3-channel", two.Message, StringComparison.Ordinal);
        var floats = Assert.Throws<ArgumentException>(() => randAugment.Augment(torch.zeros([1, 3, 4, 4]), g));
        Assert.Contains("uint8", floats.Message, StringComparison.Ordinal);
    }
}
