using MetaSemi.Data;
using SkiaSharp;

namespace MetaSemi.Tests.Data;

/// <summary>Transparency through <see cref="ImageReencoder"/>: dropped in colour mode (values kept), kept when unchanged.</summary>
public sealed class ImageReencoderTests
{
    private static byte[] HalfTransparentPng()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(4, 3, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(new SKColor(200, 100, 50, 128));
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static SKColor FirstPixel(byte[] encoded)
    {
        using var codec = SKCodec.Create(new MemoryStream(encoded));
        var info = codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, bitmap.GetPixels()));
        return bitmap.GetPixel(0, 0);
    }

    [Fact]
    public void Colour_mode_makes_the_image_opaque_keeping_its_colour_values()
    {
        var png = ImageReencoder.Reencode(HalfTransparentPng(), "test.png", new Im2RecEncoding { Format = Im2RecImageFormat.Png });
        Assert.Equal(new SKColor(200, 100, 50, 255), FirstPixel(png));
    }

    [Fact]
    public void Unchanged_mode_keeps_png_transparency()
    {
        var png = ImageReencoder.Reencode(HalfTransparentPng(), "test.png", new Im2RecEncoding { Format = Im2RecImageFormat.Png, Color = Im2RecColorMode.Unchanged });
        Assert.Equal(new SKColor(200, 100, 50, 128), FirstPixel(png));
    }

    [Fact]
    public void Bytes_that_are_no_image_are_reported_with_the_images_name()
    {
        var error = Assert.Throws<DataFormatException>(() => ImageReencoder.Reencode([1, 2, 3, 4], "broken.jpg", new Im2RecEncoding()));
        Assert.Contains("broken.jpg", error.Message, StringComparison.Ordinal);
    }
}
