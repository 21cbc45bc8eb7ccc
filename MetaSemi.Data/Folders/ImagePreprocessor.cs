using MetaSemi.Files;
using SkiaSharp;
using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// Turns encoded images (JPEG, PNG, BMP, WebP, GIF's first frame) into network-sized uint8 pixels the way a
/// model file's <see cref="ImagePreprocessing"/> says: decode, take the central square of the shorter side
/// (<see cref="ResizeShorterSide"/> given) or the whole image, resize it bilinearly to
/// <see cref="ImageSize"/>², then grey by luminance (round(0.299 R + 0.587 G + 0.114 B)) when
/// <see cref="Channels"/> is 1. Own-folder training caches exactly these pixels and <c>ImageClassifier</c>
/// computes them again, so a prediction sees what the trainer's evaluation saw.
/// </summary>
public sealed class ImagePreprocessor
{
    private const int Chunk = 256;

    /// <summary>Creates the preprocessing.</summary>
    /// <param name="channels">1 (grey) or 3 (RGB).</param>
    /// <param name="imageSize">Side of the square output.</param>
    /// <param name="resizeShorterSide">The shorter side after resizing, before the centre crop; null resizes the whole image straight to the square.</param>
    public ImagePreprocessor(int channels, int imageSize, int? resizeShorterSide = null)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 (grey) or 3 (RGB).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageSize);
        if (resizeShorterSide is { } r && r < imageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(resizeShorterSide), r, $"The resized shorter side must be at least the image size {imageSize}.");
        }

        Channels = channels;
        ImageSize = imageSize;
        ResizeShorterSide = resizeShorterSide;
    }

    /// <summary>Output channels: 1 or 3.</summary>
    public int Channels { get; }

    /// <summary>Side of the square output.</summary>
    public int ImageSize { get; }

    /// <summary>The shorter side after resizing, before the centre crop (null: the whole image, stretched).</summary>
    public int? ResizeShorterSide { get; }

    /// <summary>The crop this preprocessing takes of a decoded image.</summary>
    public ICropPolicy Crop => ResizeShorterSide is { } r ? new CenterCrop(r, ImageSize) : new StretchToSquare(ImageSize);

    /// <summary>The preprocessing a model file describes.</summary>
    public static ImagePreprocessor For(ImagePreprocessing preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        return new ImagePreprocessor(preprocessing.Channels, preprocessing.ImageSize, preprocessing.ResizeShorterSide);
    }

    /// <summary>Decodes <paramref name="encoded"/> images to uint8 B×<see cref="Channels"/>×S×S.</summary>
    /// <param name="encoded">The encoded images.</param>
    /// <param name="names">What to call each image in an error message (its file, or "image 3").</param>
    /// <exception cref="DataFormatException">An image cannot be decoded; the message names the first such image in order.</exception>
    public torch.Tensor Decode(IReadOnlyList<byte[]> encoded, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(names);
        if (encoded.Count != names.Count)
        {
            throw new ArgumentException($"Got {encoded.Count} images and {names.Count} names; expected one name per image.", nameof(names));
        }

        var (rgb, failures) = DecodeRgb(encoded.Count, i => encoded[i], i => names[i]);
        if (failures.Count > 0)
        {
            rgb.Dispose();
            throw DataFormatException.InFile(failures[0].Path, failures[0].Reason);
        }

        return ToChannels(rgb, Channels);
    }

    /// <summary>Maps uint8 B×3×H×W RGB to B×1×H×W grey, round(0.299 R + 0.587 G + 0.114 B) computed in float32.</summary>
    public static torch.Tensor ToGrey(torch.Tensor rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.dim() != 4 || rgb.shape[1] != 3 || rgb.dtype != torch.ScalarType.Byte)
        {
            throw new ArgumentException($"Expected uint8 B×3×H×W; got {rgb.dtype} [{string.Join(", ", rgb.shape)}].", nameof(rgb));
        }

        using var scope = torch.NewDisposeScope();
        var weights = torch.tensor(new[] { 0.299f, 0.587f, 0.114f }).view(1, 3, 1, 1);
        return rgb.to(torch.float32).mul(weights).sum(1, keepdim: true).round().clamp(0, 255).to(torch.ScalarType.Byte).MoveToOuterDisposeScope();
    }

    /// <summary>Keeps or greys RGB pixels (consumes <paramref name="rgb"/>).</summary>
    internal static torch.Tensor ToChannels(torch.Tensor rgb, int channels)
    {
        if (channels == 3)
        {
            return rgb;
        }

        using (rgb)
        {
            return ToGrey(rgb);
        }
    }

    /// <summary>
    /// Decodes <paramref name="count"/> images to RGB uint8, in chunks so that at most a few hundred decoded
    /// images exist at full size at once. Images that fail are left out of the tensor and returned, in order.
    /// </summary>
    internal (torch.Tensor Rgb, List<SkippedImage> Failures) DecodeRgb(int count, Func<int, byte[]> read, Func<int, string> describe)
    {
        var failures = new List<SkippedImage>();
        var parts = new List<torch.Tensor>();
        try
        {
            DecodeRgbChunks(count, read, describe, (chunk, chunkFailures, _) =>
            {
                parts.Add(chunk.alias().DetachFromDisposeScope());
                failures.AddRange(chunkFailures);
            });
            if (parts.Count == 0)
            {
                return (torch.empty([0, 3, ImageSize, ImageSize], torch.ScalarType.Byte), failures);
            }

            return (parts.Count == 1 ? parts[0].alias() : torch.cat(parts, 0), failures);
        }
        finally
        {
            foreach (var part in parts)
            {
                part.Dispose();
            }
        }
    }

    /// <summary>
    /// Decodes <paramref name="count"/> images in chunks of a few hundred (each chunk in parallel) and hands each
    /// chunk to <paramref name="consume"/> as RGB uint8 n×3×S×S (the images that decoded, in order; disposed after
    /// the call), with the chunk's failures and the number of files read so far. Nothing outlives a chunk, so an
    /// on-disk cache can be written from it with bounded memory (docs/design.md §8).
    /// </summary>
    internal void DecodeRgbChunks(int count, Func<int, byte[]> read, Func<int, string> describe, Action<torch.Tensor, IReadOnlyList<SkippedImage>, int> consume)
    {
        int s = ImageSize;
        var policy = Crop;
        var info = new SKImageInfo(s, s, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int start = 0; start < count; start += Chunk)
        {
            int n = Math.Min(Chunk, count - start);
            var rgba = new byte[(long)n * s * s * 4];
            var errors = new string?[n];
            using (var pin = rgba.AsMemory().Pin())
            {
                IntPtr basePtr;
                unsafe
                {
                    basePtr = (IntPtr)pin.Pointer;
                }

                int first = start;
                Parallel.For(0, n, i =>
                {
                    using var target = new SKPixmap(info, basePtr + (nint)((long)i * s * s * 4), s * 4);
                    try
                    {
                        ImageDecoder.DecodeInto(read(first + i), describe(first + i), policy, [], target);
                    }
                    catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
                    {
                        errors[i] = e is DataFormatException ? StripWhere(e.Message, describe(first + i)) : e.Message;
                    }
                });
            }

            var good = new List<long>();
            var failures = new List<SkippedImage>();
            for (int i = 0; i < n; i++)
            {
                if (errors[i] is { } reason)
                {
                    failures.Add(new SkippedImage(describe(start + i), reason));
                }
                else
                {
                    good.Add(i);
                }
            }

            using var scope = torch.NewDisposeScope();
            var hwc = torch.tensor(rgba, [n, s, s, 4], torch.ScalarType.Byte);
            var chw = hwc.narrow(3, 0, 3).permute(0, 3, 1, 2);
            if (good.Count < n)
            {
                chw = chw.index_select(0, torch.tensor(good.ToArray()));
            }

            consume(chw.contiguous(), failures, start + n);
        }
    }

    private static string StripWhere(string message, string where) =>
        message.StartsWith(where + ": ", StringComparison.Ordinal) ? message[(where.Length + 2)..] : message;
}
