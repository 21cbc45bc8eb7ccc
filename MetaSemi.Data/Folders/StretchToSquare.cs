namespace MetaSemi.Data;

/// <summary>The whole image, resized straight to the square <see cref="OutputSize"/>² (aspect ratio not kept): 32×32 data sets.</summary>
public sealed class StretchToSquare(int outputSize) : ICropPolicy
{
    /// <inheritdoc />
    public int OutputSize { get; } = outputSize > 0 ? outputSize : throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "The output size must be positive.");

    /// <inheritdoc />
    public int UniformsPerImage => 0;

    /// <inheritdoc />
    public CropRect Choose(int width, int height, ReadOnlySpan<double> uniforms) => new(0, 0, width, height);
}
