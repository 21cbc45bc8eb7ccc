using SkiaSharp;
using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// Decodes a batch of encoded images in parallel (SkiaSharp), crops each as an <see cref="ICropPolicy"/>
/// says and resizes the crop (bilinear) straight into one pinned uint8 buffer; returns B×3×S×S.
/// </summary>
public static class ImageDecoder
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.None);

    /// <summary>
    /// Decodes <paramref name="indices"/> of <paramref name="images"/>. <paramref name="uniforms"/> is
    /// float64 B×<see cref="ICropPolicy.UniformsPerImage"/> (null when the policy needs none).
    /// </summary>
    /// <exception cref="DataFormatException">An image cannot be decoded; the message names it.</exception>
    public static torch.Tensor DecodeBatch(EncodedImageSet images, IReadOnlyList<long> indices, ICropPolicy policy, torch.Tensor? uniforms = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(policy);
        int n = indices.Count, s = policy.OutputSize, per = policy.UniformsPerImage;
        double[] u = per == 0 ? [] : (uniforms ?? throw new ArgumentNullException(nameof(uniforms))).data<double>().ToArray();
        if (u.Length != n * per)
        {
            throw new ArgumentException($"Expected {n}×{per} uniforms; got {u.Length}.", nameof(uniforms));
        }

        var rgba = new byte[(long)n * s * s * 4];
        var info = new SKImageInfo(s, s, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using (var pin = rgba.AsMemory().Pin())
        {
            IntPtr basePtr;
            unsafe
            {
                basePtr = (IntPtr)pin.Pointer;
            }

            try
            {
                Parallel.For(0, n, i =>
                {
                    int index = (int)indices[i];
                    using var target = new SKPixmap(info, basePtr + (nint)((long)i * s * s * 4), s * 4);
                    DecodeInto(images.ReadEncoded(index), images.Describe(index), policy, u.AsSpan(i * per, per), target);
                });
            }
            catch (AggregateException e)
            {
                // Surface the first image's own error rather than the parallel loop's wrapper.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }

        using var hwc = torch.tensor(rgba, [n, s, s, 4], torch.ScalarType.Byte);
        return hwc.narrow(3, 0, 3).permute(0, 3, 1, 2).contiguous();
    }

    /// <summary>
    /// Decodes one image, crops it as <paramref name="policy"/> says and resizes the crop (bilinear) into
    /// <paramref name="target"/> (RGBA8888, unpremultiplied). The one place every pipeline turns a file into pixels.
    /// </summary>
    /// <exception cref="DataFormatException">The image cannot be decoded; the message names <paramref name="where"/>.</exception>
    internal static void DecodeInto(byte[] encoded, string where, ICropPolicy policy, ReadOnlySpan<double> uniforms, SKPixmap target)
    {
        using var bitmap = Decode(encoded, where);
        var rect = policy.Choose(bitmap.Width, bitmap.Height, uniforms);
        using var crop = new SKBitmap();
        if (!bitmap.ExtractSubset(crop, new SKRectI(rect.X, rect.Y, rect.X + rect.Width, rect.Y + rect.Height)))
        {
            throw new InvalidOperationException($"Crop {rect} lies outside the {bitmap.Width}×{bitmap.Height} image {where}.");
        }

        if (!crop.ScalePixels(target, Sampling))
        {
            throw DataFormatException.InFile(where, "could not be converted to RGB.");
        }
    }

    /// <summary>Decodes with an explicit codec, so that unknown or broken data is reported rather than thrown from Skia.</summary>
    internal static SKBitmap Decode(byte[] encoded, string where)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw DataFormatException.InFile(where, "is not an image format SkiaSharp can read (expected JPEG, PNG, BMP, WebP or GIF).");
        var info = codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul);
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw DataFormatException.InFile(where, $"has no pixels ({info.Width}×{info.Height}).");
        }

        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            // IncompleteInput (a truncated file) counts as an error: half an image is not a training example.
            bitmap.Dispose();
            throw DataFormatException.InFile(where, $"cannot be decoded as {codec.EncodedFormat}: {result}.");
        }

        return bitmap;
    }
}
