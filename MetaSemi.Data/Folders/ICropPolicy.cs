namespace MetaSemi.Data;

/// <summary>A source rectangle of an image (pixels; x, y of the top-left corner).</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct CropRect(int X, int Y, int Width, int Height);

/// <summary>Chooses the part of a decoded image that is resized to the network input.</summary>
public interface ICropPolicy
{
    /// <summary>Side of the square output.</summary>
    int OutputSize { get; }

    /// <summary>How many uniform [0, 1) numbers <see cref="Choose"/> consumes per image (0: deterministic).</summary>
    int UniformsPerImage { get; }

    /// <summary>The source rectangle for an image of <paramref name="width"/>×<paramref name="height"/>.</summary>
    CropRect Choose(int width, int height, ReadOnlySpan<double> uniforms);
}

/// <summary>
/// Random-resized crop (docs/design.md §3 ImageNet train): up to 10 tries of a random area fraction in
/// [<see cref="MinScale"/>, <see cref="MaxScale"/>] and a log-uniform aspect ratio in
/// [<see cref="MinRatio"/>, <see cref="MaxRatio"/>] at a random position; if none fits, the largest
/// central crop within the ratio range (torchvision's algorithm).
/// </summary>
public sealed class RandomResizedCrop(int outputSize = 224, double minScale = 0.1, double maxScale = 1.0, double minRatio = 0.8, double maxRatio = 1.25) : ICropPolicy
{
    private const int Attempts = 10;

    /// <inheritdoc />
    public int OutputSize { get; } = outputSize;

    /// <summary>Smallest area fraction.</summary>
    public double MinScale { get; } = minScale;

    /// <summary>Largest area fraction.</summary>
    public double MaxScale { get; } = maxScale;

    /// <summary>Smallest width/height ratio.</summary>
    public double MinRatio { get; } = minRatio;

    /// <summary>Largest width/height ratio.</summary>
    public double MaxRatio { get; } = maxRatio;

    /// <inheritdoc />
    public int UniformsPerImage => Attempts * 4;

    /// <inheritdoc />
    public CropRect Choose(int width, int height, ReadOnlySpan<double> uniforms)
    {
        double area = (double)width * height;
        double logMin = Math.Log(MinRatio), logMax = Math.Log(MaxRatio);
        for (int k = 0; k < Attempts; k++)
        {
            var u = uniforms.Slice(4 * k, 4);
            double target = area * (MinScale + ((MaxScale - MinScale) * u[0]));
            double ratio = Math.Exp(logMin + ((logMax - logMin) * u[1]));
            int w = (int)Math.Round(Math.Sqrt(target * ratio));
            int h = (int)Math.Round(Math.Sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                int y = (int)Math.Floor(u[2] * (height - h + 1));
                int x = (int)Math.Floor(u[3] * (width - w + 1));
                return new CropRect(x, y, w, h);
            }
        }

        double inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < MinRatio)
        {
            ch = (int)Math.Round(width / MinRatio);
        }
        else if (inRatio > MaxRatio)
        {
            cw = (int)Math.Round(height * MaxRatio);
        }

        return new CropRect((width - cw) / 2, (height - ch) / 2, cw, ch);
    }
}

/// <summary>
/// Validation crop (docs/design.md §3): resize the shorter side to <see cref="ResizeTo"/>, then take the central
/// <see cref="OutputSize"/> square.
/// </summary>
public sealed class CenterCrop(int resizeTo = 256, int outputSize = 224) : ICropPolicy
{
    /// <summary>The shorter side after resizing.</summary>
    public int ResizeTo { get; } = resizeTo;

    /// <inheritdoc />
    public int OutputSize { get; } = outputSize;

    /// <inheritdoc />
    public int UniformsPerImage => 0;

    /// <inheritdoc />
    public CropRect Choose(int width, int height, ReadOnlySpan<double> uniforms)
    {
        // The central square of side OutputSize in the resized image, mapped back to the original.
        double scale = (double)ResizeTo / Math.Min(width, height);
        int side = Math.Min(Math.Min(width, height), (int)Math.Round(OutputSize / scale));
        return new CropRect((width - side) / 2, (height - side) / 2, side, side);
    }
}
