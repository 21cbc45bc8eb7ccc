using MetaSemi.Data;
using SkiaSharp;

namespace MetaSemi.Tests.Onnx;

/// <summary>Deterministic encoded test images and a view of them as an <see cref="EncodedImageSet"/>.</summary>
internal static class TestImages
{
    /// <summary>A PNG of <paramref name="width"/>×<paramref name="height"/> random opaque colours.</summary>
    public static byte[] Png(int width, int height, int seed) => Encode(width, height, seed, SKEncodedImageFormat.Png);

    /// <summary>A JPEG (quality 90) of random colours.</summary>
    public static byte[] Jpeg(int width, int height, int seed) => Encode(width, height, seed, SKEncodedImageFormat.Jpeg);

    private static byte[] Encode(int width, int height, int seed, SKEncodedImageFormat format)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 255));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>Encoded images in memory, all of class 0.</summary>
    public sealed class InMemory(IReadOnlyList<byte[]> images) : EncodedImageSet
    {
        public override int Count => images.Count;

        public override IReadOnlyList<string> ClassNames { get; } = ["only"];

        public override IReadOnlyList<long> Labels => new long[images.Count];

        public override byte[] ReadEncoded(int index) => images[index];

        public override string Describe(int index) => $"test image {index}";
    }

    /// <summary>The whole image resized to the square input (the preprocessing without a shorter-side resize).</summary>
    public sealed class WholeImage(int outputSize) : ICropPolicy
    {
        public int OutputSize => outputSize;

        public int UniformsPerImage => 0;

        public CropRect Choose(int width, int height, ReadOnlySpan<double> uniforms) => new(0, 0, width, height);
    }
}
