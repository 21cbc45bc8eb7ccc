namespace MetaSemi.Data;

/// <summary>The file format <see cref="Im2RecEncoding"/> writes (im2rec.py's <c>--encoding</c>).</summary>
public enum Im2RecImageFormat
{
    /// <summary>JPEG at <see cref="Im2RecEncoding.Quality"/> (im2rec.py's default, <c>.jpg</c>).</summary>
    Jpeg,

    /// <summary>PNG (lossless; <see cref="Im2RecEncoding.Quality"/> does not apply).</summary>
    Png,
}

/// <summary>
/// How <see cref="Im2Rec.Pack(string, string, string, Im2RecEncoding?, int, bool)"/> re-encodes images (im2rec.py
/// without <c>--pass-through</c>): decode, resize the shorter side to <see cref="ResizeShorterSide"/> pixels
/// keeping the aspect ratio (bilinear, as OpenCV's default; 0 keeps the size), and encode as
/// <see cref="Format"/> at <see cref="Quality"/>.
/// </summary>
public sealed record Im2RecEncoding
{
    /// <summary>Target length of the shorter side in pixels; 0 keeps the size.</summary>
    public int ResizeShorterSide { get; init; }

    /// <summary>JPEG quality, 1–100 (im2rec.py's default 95).</summary>
    public int Quality { get; init; } = 95;

    /// <summary>Output format.</summary>
    public Im2RecImageFormat Format { get; init; } = Im2RecImageFormat.Jpeg;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range; the message names it.</exception>
    public void Validate()
    {
        if (ResizeShorterSide < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ResizeShorterSide), ResizeShorterSide, "ResizeShorterSide must be 0 (keep the size) or a positive number of pixels.");
        }

        if (Quality is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(Quality), Quality, "Quality must be between 1 and 100.");
        }
    }

    /// <summary>
    /// The size after resizing a <paramref name="width"/>×<paramref name="height"/> image: the shorter side
    /// becomes <see cref="ResizeShorterSide"/>, the longer one scales with it (rounded down, as im2rec.py).
    /// </summary>
    public (int Width, int Height) ResizedSize(int width, int height)
    {
        if (ResizeShorterSide == 0)
        {
            return (width, height);
        }

        return height > width
            ? (ResizeShorterSide, (int)((long)height * ResizeShorterSide / width))
            : ((int)((long)width * ResizeShorterSide / height), ResizeShorterSide);
    }
}
