using SkiaSharp;

namespace MetaSemi.Tests.Data;

/// <summary>Small solid-colour image files in every format own-folder data reads, written by hand where Skia cannot encode (BMP, GIF).</summary>
internal static class TestImageFiles
{
    public static byte[] Png(int width, int height, SKColor color) => Encode(width, height, color, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int width, int height, SKColor color) => Encode(width, height, color, SKEncodedImageFormat.Jpeg);

    /// <summary>Lossless WebP, so pixels come back exactly.</summary>
    public static byte[] WebP(int width, int height, SKColor color)
    {
        using var bitmap = Solid(width, height, color);
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))
            ?? throw new InvalidOperationException("SkiaSharp could not encode WebP.");
        return data.ToArray();
    }

    /// <summary>A 24-bit bottom-up BMP.</summary>
    public static byte[] Bmp(int width, int height, SKColor color)
    {
        int row = ((width * 3) + 3) & ~3;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write((byte)'B');
        w.Write((byte)'M');
        w.Write(54 + (row * height));
        w.Write(0);
        w.Write(54);
        w.Write(40);
        w.Write(width);
        w.Write(height);
        w.Write((short)1);
        w.Write((short)24);
        w.Write(0);
        w.Write(row * height);
        w.Write(2835);
        w.Write(2835);
        w.Write(0);
        w.Write(0);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                w.Write(color.Blue);
                w.Write(color.Green);
                w.Write(color.Red);
            }

            for (int p = width * 3; p < row; p++)
            {
                w.Write((byte)0);
            }
        }

        w.Flush();
        return stream.ToArray();
    }

    /// <summary>
    /// A GIF89a of solid frames (one per colour), 2-colour palette per frame; LZW with a clear code before
    /// every pixel so the code width stays 2 + 1 bits (valid, uncompressed).
    /// </summary>
    public static byte[] Gif(int width, int height, params SKColor[] frames)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("GIF89a"u8.ToArray());
        w.Write((short)width);
        w.Write((short)height);
        w.Write((byte)0); // no global colour table
        w.Write((byte)0);
        w.Write((byte)0);
        foreach (var color in frames)
        {
            w.Write((byte)0x2C);
            w.Write((short)0);
            w.Write((short)0);
            w.Write((short)width);
            w.Write((short)height);
            w.Write((byte)0x80); // local colour table of 2 entries
            w.Write([color.Red, color.Green, color.Blue, (byte)0, (byte)0, (byte)0]);
            const int MinCodeSize = 2, Clear = 4, End = 5;
            w.Write((byte)MinCodeSize);
            var bits = new List<bool>();
            void Emit(int code)
            {
                for (int b = 0; b < MinCodeSize + 1; b++)
                {
                    bits.Add(((code >> b) & 1) == 1);
                }
            }

            for (int i = 0; i < width * height; i++)
            {
                Emit(Clear);
                Emit(0);
            }

            Emit(End);
            var bytes = new byte[(bits.Count + 7) / 8];
            for (int i = 0; i < bits.Count; i++)
            {
                if (bits[i])
                {
                    bytes[i / 8] |= (byte)(1 << (i % 8));
                }
            }

            for (int start = 0; start < bytes.Length; start += 255)
            {
                int n = Math.Min(255, bytes.Length - start);
                w.Write((byte)n);
                w.Write(bytes, start, n);
            }

            w.Write((byte)0);
        }

        w.Write((byte)0x3B);
        w.Flush();
        return stream.ToArray();
    }

    public static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static SKBitmap Solid(int width, int height, SKColor color)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        bitmap.Erase(color);
        return bitmap;
    }

    private static byte[] Encode(int width, int height, SKColor color, SKEncodedImageFormat format)
    {
        using var bitmap = Solid(width, height, color);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 100);
        return data.ToArray();
    }
}
