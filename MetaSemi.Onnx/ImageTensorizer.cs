using System.Runtime.InteropServices;
using SkiaSharp;

namespace MetaSemi.Onnx;

/// <summary>
/// Turns encoded images (JPEG, PNG, BMP, WebP, GIF's first frame) into the network's float input as
/// <see cref="OnnxImagePreprocessing"/> describes it, with the same decoder, crop arithmetic and bilinear
/// resize (SkiaSharp, linear filter, no mipmaps) as MetaSemi.Data's test transform: the crop is taken
/// from the decoded image and scaled straight to the input size. Grey uses BT.601 luminance rounded to a
/// whole level, round(0.299 R + 0.587 G + 0.114 B), as MetaSemi.Data's ImagePreprocessor; alpha is ignored.
/// </summary>
internal sealed class ImageTensorizer(OnnxImagePreprocessing preprocessing)
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.None);

    /// <summary>Floats per image: channels × size × size.</summary>
    public int Length { get; } = preprocessing.Channels * preprocessing.ImageSize * preprocessing.ImageSize;

    /// <summary>Decodes <paramref name="encoded"/> into <paramref name="destination"/> (C×S×S, channel first).</summary>
    /// <exception cref="InvalidDataException">The bytes are not an image SkiaSharp can decode; the message names <paramref name="where"/>.</exception>
    public void Write(byte[] encoded, string where, Span<float> destination)
    {
        int s = preprocessing.ImageSize, plane = s * s;
        if (destination.Length != Length)
        {
            throw new ArgumentException($"Expected room for {Length} floats; got {destination.Length}.", nameof(destination));
        }

        var rgba = new byte[plane * 4];
        using (var bitmap = Decode(encoded, where))
        using (var crop = new SKBitmap())
        {
            var rect = Crop(bitmap.Width, bitmap.Height);
            if (!bitmap.ExtractSubset(crop, rect))
            {
                throw new InvalidDataException($"'{where}': the crop {rect} lies outside the {bitmap.Width}×{bitmap.Height} image.");
            }

            var info = new SKImageInfo(s, s, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
            try
            {
                using var target = new SKPixmap(info, handle.AddrOfPinnedObject(), s * 4);
                if (!crop.ScalePixels(target, Sampling))
                {
                    throw new InvalidDataException($"'{where}' could not be resized to {s}×{s}.");
                }
            }
            finally
            {
                handle.Free();
            }
        }

        var mean = preprocessing.Mean;
        var std = preprocessing.Std;
        if (preprocessing.Channels == 1)
        {
            float m = (float)mean[0], d = (float)std[0];
            for (var i = 0; i < plane; i++)
            {
                // Rounded to a whole grey level, as MetaSemi.Data's ImagePreprocessor caches the training images (uint8).
                var grey = MathF.Round((0.299f * rgba[4 * i]) + (0.587f * rgba[(4 * i) + 1]) + (0.114f * rgba[(4 * i) + 2])) / 255f;
                destination[i] = (grey - m) / d;
            }

            return;
        }

        for (var c = 0; c < 3; c++)
        {
            float m = (float)mean[c], d = (float)std[c];
            var channel = destination.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                channel[i] = ((rgba[(4 * i) + c] / 255f) - m) / d;
            }
        }
    }

    /// <summary>
    /// The source rectangle: the whole image when there is no shorter-side resize, else the central square
    /// that becomes ImageSize² after resizing the shorter side to ResizeShorterSide.
    /// </summary>
    internal SKRectI Crop(int width, int height)
    {
        if (preprocessing.ResizeShorterSide is not { } resize)
        {
            return new SKRectI(0, 0, width, height);
        }

        double scale = (double)resize / Math.Min(width, height);
        int side = Math.Min(Math.Min(width, height), (int)Math.Round(preprocessing.ImageSize / scale));
        int x = (width - side) / 2, y = (height - side) / 2;
        return new SKRectI(x, y, x + side, y + side);
    }

    private static SKBitmap Decode(byte[] encoded, string where)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"'{where}' is not an image format SkiaSharp can read (expected JPEG, PNG, BMP, WebP or GIF).");
        var info = codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul);
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new InvalidDataException($"'{where}' has no pixels ({info.Width}×{info.Height}).");
        }

        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new InvalidDataException($"'{where}' cannot be decoded as {codec.EncodedFormat}: {result}.");
        }

        return bitmap;
    }
}
