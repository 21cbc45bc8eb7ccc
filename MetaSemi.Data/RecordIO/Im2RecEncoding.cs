namespace MetaSemi.Data;

/// <summary>The file format <see cref="Im2RecEncoding"/> writes (im2rec.py's <c>--encoding</c>).</summary>
public enum Im2RecImageFormat
{
    /// <summary>JPEG at <see cref="Im2RecEncoding.Quality"/> (im2rec.py's default, <c>.jpg</c>).</summary>
    Jpeg,

    /// <summary>PNG (lossless; <see cref="Im2RecEncoding.Quality"/> does not apply).</summary>
    Png,
}

/// <summary>The colours <see cref="Im2RecEncoding"/> keeps (im2rec.py's <c>--color</c> 1, 0, -1).</summary>
public enum Im2RecColorMode
{
    /// <summary>Three colour channels, transparency dropped (<c>--color 1</c>, the default).</summary>
    Color,

    /// <summary>One grey channel (<c>--color 0</c>).</summary>
    Grayscale,

    /// <summary>As decoded, transparency kept where the output format has it (<c>--color -1</c>).</summary>
    Unchanged,
}

/// <summary>
/// How <see cref="Im2Rec.Pack(string, string, string, Im2RecEncoding?, int, bool)"/> re-encodes images (im2rec.py
/// without <c>--pass-through</c>): decode, optionally crop the centred square (<see cref="CenterCrop"/>),
/// convert the colours (<see cref="Color"/>), resize the shorter side to <see cref="ResizeShorterSide"/> pixels
/// keeping the aspect ratio (bilinear, as OpenCV's default; 0 keeps the size), and encode as
/// <see cref="Format"/> at <see cref="Quality"/>.
/// </summary>
public sealed record Im2RecEncoding
{
    /// <summary>Target length of the shorter side in pixels; 0 keeps the size.</summary>
    public int ResizeShorterSide { get; init; }

    /// <summary>JPEG quality, 1–100 (im2rec.py's default 95).</summary>
    public int Quality { get; init; } = 95;

    /// <summary>Whether the centred square of the image is kept before resizing (im2rec.py's <c>--center-crop</c>).</summary>
    public bool CenterCrop { get; init; }

    /// <summary>Colours kept.</summary>
    public Im2RecColorMode Color { get; init; } = Im2RecColorMode.Color;

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
    /// The part of a <paramref name="width"/>×<paramref name="height"/> image kept before resizing: all of it,
    /// or with <see cref="CenterCrop"/> the centred square of side min(width, height) (offset rounded down, as im2rec.py).
    /// </summary>
    public (int X, int Y, int Width, int Height) CropRectangle(int width, int height)
    {
        if (!CenterCrop)
        {
            return (0, 0, width, height);
        }

        int side = Math.Min(width, height);
        return ((width - side) / 2, (height - side) / 2, side, side);
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
