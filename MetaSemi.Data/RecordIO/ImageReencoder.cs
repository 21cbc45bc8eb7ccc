using SkiaSharp;

namespace MetaSemi.Data;

/// <summary>Decodes an encoded image, resizes it and encodes it again, as <see cref="Im2RecEncoding"/> says (SkiaSharp).</summary>
public static class ImageReencoder
{
    private static readonly SKSamplingOptions Bilinear = new(SKFilterMode.Linear, SKMipmapMode.None);

    /// <summary>Re-encodes <paramref name="encoded"/>; <paramref name="where"/> names the image in errors.</summary>
    /// <exception cref="DataFormatException">The image cannot be decoded or encoded; the message names it.</exception>
    public static byte[] Reencode(byte[] encoded, string where, Im2RecEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(encoding);
        using var decoded = ImageDecoder.Decode(encoded, where);
        var (width, height) = encoding.ResizedSize(decoded.Width, decoded.Height);
        using var resized = width == decoded.Width && height == decoded.Height ? null : new SKBitmap(decoded.Info.WithSize(width, height));
        if (resized is not null && !decoded.ScalePixels(resized, Bilinear))
        {
            throw DataFormatException.InFile(where, $"could not be resized to {width}×{height}.");
        }

        using var image = SKImage.FromBitmap(resized ?? decoded);
        var format = encoding.Format == Im2RecImageFormat.Png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var data = image.Encode(format, encoding.Quality)
            ?? throw DataFormatException.InFile(where, $"could not be encoded as {format}.");
        return data.ToArray();
    }
}
