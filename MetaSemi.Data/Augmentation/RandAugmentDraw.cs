using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// The random choices of <see cref="RandAugment"/> for one batch of B images: per image the
/// operations and their values, applied left to right, then the Cutout square (docs/design.md §7).
/// </summary>
public sealed class RandAugmentDraw : IDisposable
{
    /// <summary>Creates a draw that owns its tensors; shapes are checked.</summary>
    /// <param name="ops">int64 B×N: <see cref="RandAugmentOp"/> values, applied in column order.</param>
    /// <param name="values">float64 B×N: each operation's value (factor, degrees, bits, threshold, fraction).</param>
    /// <param name="cutoutSize">float64 B: the Cutout side as a fraction of the image width, in [0, 0.5]; 0 draws no square.</param>
    /// <param name="cutoutCenterX">float64 B: the square's centre column as a fraction of the width, in [0, 1).</param>
    /// <param name="cutoutCenterY">float64 B: the square's centre row as a fraction of the height, in [0, 1).</param>
    public RandAugmentDraw(torch.Tensor ops, torch.Tensor values, torch.Tensor cutoutSize, torch.Tensor cutoutCenterX, torch.Tensor cutoutCenterY)
    {
        Ops = ops ?? throw new ArgumentNullException(nameof(ops));
        Values = values ?? throw new ArgumentNullException(nameof(values));
        CutoutSize = cutoutSize ?? throw new ArgumentNullException(nameof(cutoutSize));
        CutoutCenterX = cutoutCenterX ?? throw new ArgumentNullException(nameof(cutoutCenterX));
        CutoutCenterY = cutoutCenterY ?? throw new ArgumentNullException(nameof(cutoutCenterY));
        if (ops.dim() != 2 || !values.shape.SequenceEqual(ops.shape))
        {
            throw new ArgumentException(
                $"Expected ops and values of the same shape B×N; got [{string.Join(", ", ops.shape)}] and [{string.Join(", ", values.shape)}].", nameof(values));
        }

        foreach (var (name, t) in new[] { (nameof(cutoutSize), cutoutSize), (nameof(cutoutCenterX), cutoutCenterX), (nameof(cutoutCenterY), cutoutCenterY) })
        {
            if (t.dim() != 1 || t.shape[0] != ops.shape[0])
            {
                throw new ArgumentException($"Expected {name} of length B = {ops.shape[0]}; got shape [{string.Join(", ", t.shape)}].", name);
            }
        }
    }

    /// <summary>Number of images.</summary>
    public long Count => Ops.shape[0];

    /// <summary>int64 B×N: the operations of each image, applied in column order.</summary>
    public torch.Tensor Ops { get; }

    /// <summary>float64 B×N: the value of each operation.</summary>
    public torch.Tensor Values { get; }

    /// <summary>float64 B: Cutout side as a fraction of the image width (0: no square).</summary>
    public torch.Tensor CutoutSize { get; }

    /// <summary>float64 B: Cutout centre column as a fraction of the width.</summary>
    public torch.Tensor CutoutCenterX { get; }

    /// <summary>float64 B: Cutout centre row as a fraction of the height.</summary>
    public torch.Tensor CutoutCenterY { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Ops.Dispose();
        Values.Dispose();
        CutoutSize.Dispose();
        CutoutCenterX.Dispose();
        CutoutCenterY.Dispose();
    }
}
