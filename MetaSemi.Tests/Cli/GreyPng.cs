using SkiaSharp;

namespace MetaSemi.Tests.Cli;

/// <summary>Grey square PNG files from raw pixels, as a user's image folder or <c>predict</c> would get them.</summary>
internal static class GreyPng
{
    /// <summary>The PNG bytes of a <paramref name="side"/>² grey image.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int side = 28)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(pixels[..(side * side)].ToArray(), 0, bitmap.GetPixels(), side * side);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>One PNG per image of an N×1×side×side uint8 tensor.</summary>
    public static byte[][] EncodeAll(TorchSharp.torch.Tensor images)
    {
        int side = (int)images.shape[^1];
        byte[] pixels = images.contiguous().data<byte>().ToArray();
        return [.. Enumerable.Range(0, (int)images.shape[0]).Select(i => Encode(pixels.AsSpan(i * side * side, side * side), side))];
    }
}
