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
        var (x, y, cropWidth, cropHeight) = encoding.CropRectangle(decoded.Width, decoded.Height);
        using var cropped = new SKBitmap();
        if (!decoded.ExtractSubset(cropped, new SKRectI(x, y, x + cropWidth, y + cropHeight)))
        {
            throw DataFormatException.InFile(where, $"could not be cropped to {cropWidth}×{cropHeight}.");
        }

        var (width, height) = encoding.ResizedSize(cropWidth, cropHeight);
        using var resized = new SKBitmap(cropped.Info.WithSize(width, height));
        if (!cropped.ScalePixels(resized, Bilinear))
        {
            throw DataFormatException.InFile(where, $"could not be resized to {width}×{height}.");
        }

        using var grey = encoding.Color == Im2RecColorMode.Grayscale
            ? resized.Copy(SKColorType.Gray8) ?? throw DataFormatException.InFile(where, "could not be converted to grey.")
            : null;
        using var pixels = (grey ?? resized).PeekPixels();

        // Colour mode drops transparency as OpenCV's colour read does: the colour values stay, alpha is ignored
        // (JPEG has none anyway; PNG keeps it only with Unchanged).
        using var opaque = encoding.Color == Im2RecColorMode.Color ? pixels.WithAlphaType(SKAlphaType.Opaque) : null;
        using var image = SKImage.FromPixels(opaque ?? pixels);
        var format = encoding.Format == Im2RecImageFormat.Png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var data = image.Encode(format, encoding.Quality)
            ?? throw DataFormatException.InFile(where, $"could not be encoded as {format}.");
        return data.ToArray();
    }
}
