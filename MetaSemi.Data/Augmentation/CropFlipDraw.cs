using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// The random choices of <see cref="CropFlipAugmentation"/> for one batch: per image the top-left
/// corner of the crop in the padded image (int64, in [0, 2·padding]) and whether it is mirrored.
/// </summary>
public sealed class CropFlipDraw : IDisposable
{
    /// <summary>Creates a draw that owns its tensors.</summary>
    public CropFlipDraw(torch.Tensor offsetY, torch.Tensor offsetX, torch.Tensor flip)
    {
        OffsetY = offsetY ?? throw new ArgumentNullException(nameof(offsetY));
        OffsetX = offsetX ?? throw new ArgumentNullException(nameof(offsetX));
        Flip = flip ?? throw new ArgumentNullException(nameof(flip));
    }

    /// <summary>Row of the crop's top edge in the padded image, int64 B.</summary>
    public torch.Tensor OffsetY { get; }

    /// <summary>Column of the crop's left edge in the padded image, int64 B.</summary>
    public torch.Tensor OffsetX { get; }

    /// <summary>Whether each image is mirrored left-right, bool B.</summary>
    public torch.Tensor Flip { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        OffsetY.Dispose();
        OffsetX.Dispose();
        Flip.Dispose();
    }
}
