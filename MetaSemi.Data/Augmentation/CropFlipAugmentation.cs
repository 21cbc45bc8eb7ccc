using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// The CIFAR/SVHN train transform of docs/design.md §3, batched: zero-pad <see cref="Padding"/> pixels on each
/// side, crop back to the original size at a random offset, mirror left-right with probability 0.5
/// when <see cref="HorizontalFlip"/> is on, then normalise. Done with two gathers on the whole batch
/// (no per-pixel loops); crop and flip act on uint8, before the conversion to float.
/// </summary>
public sealed class CropFlipAugmentation : IPixelAugmentation
{
    /// <summary>Creates the transform.</summary>
    public CropFlipAugmentation(Normalization normalization, int padding = 4, bool horizontalFlip = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Normalization = normalization ?? throw new ArgumentNullException(nameof(normalization));
        Padding = padding;
        HorizontalFlip = horizontalFlip;
    }

    /// <summary>Zero padding on each side before the random crop.</summary>
    public int Padding { get; }

    /// <summary>Whether images are mirrored with probability 0.5 (never for digits).</summary>
    public bool HorizontalFlip { get; }

    /// <summary>The per-channel normalisation applied last.</summary>
    public Normalization Normalization { get; }

    /// <summary>Draws crop offsets (then flips, when enabled) for <paramref name="batch"/> images, in that order.</summary>
    public CropFlipDraw Draw(long batch, torch.Generator generator)
    {
        var oy = torch.randint(0, (2 * Padding) + 1, [batch], dtype: torch.int64, generator: generator);
        var ox = torch.randint(0, (2 * Padding) + 1, [batch], dtype: torch.int64, generator: generator);
        var flip = HorizontalFlip
            ? torch.rand([batch], generator: generator).lt_(0.5).to(torch.@bool)
            : torch.zeros([batch], dtype: torch.@bool);
        return new CropFlipDraw(oy, ox, flip);
    }

    /// <summary>Pads, crops and mirrors uint8 B×C×H×W images as <paramref name="draw"/> says; returns uint8 of the same shape.</summary>
    public torch.Tensor CropAndFlip(torch.Tensor images, CropFlipDraw draw)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(draw);
        if (images.dim() != 4 || draw.OffsetY.shape[0] != images.shape[0])
        {
            throw new ArgumentException(
                $"Expected B×C×H×W images with B = {draw.OffsetY.shape[0]}; got shape [{string.Join(", ", images.shape)}].", nameof(images));
        }

        using var scope = torch.NewDisposeScope();
        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        int p = Padding;
        var padded = p > 0 ? torch.nn.functional.pad(images, [p, p, p, p]) : images;
        var rows = draw.OffsetY.view(b, 1) + torch.arange(h, dtype: torch.int64).view(1, h);
        var forward = torch.arange(w, dtype: torch.int64).view(1, w);
        var columns = draw.OffsetX.view(b, 1) + torch.where(draw.Flip.view(b, 1), (w - 1) - forward, forward);
        var cropRows = padded.gather(2, rows.view(b, 1, h, 1).expand(b, c, h, w + (2 * p)));
        return cropRows.gather(3, columns.view(b, 1, 1, w).expand(b, c, h, w)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public torch.Tensor Augment(torch.Tensor images, torch.Generator generator)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var draw = Draw(images.shape[0], generator);
        using var cropped = CropAndFlip(images, draw);
        return Normalization.Apply(cropped);
    }

    /// <inheritdoc />
    public torch.Tensor AugmentPixels(torch.Tensor images, torch.Generator generator)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var draw = Draw(images.shape[0], generator);
        return CropAndFlip(images, draw);
    }

    /// <inheritdoc />
    public torch.Tensor Prepare(torch.Tensor images) => Normalization.Apply(images);
}
