using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// The strong augmentation of docs/design.md §7: the weak augmentation's random part (crop with padding, flip
/// where allowed) on uint8 pixels, then <see cref="RandAugment"/> + Cutout, then the weak
/// augmentation's normalisation. All draws from the generator given to <see cref="Augment"/>, the
/// weak ones first.
/// </summary>
public sealed class StrongAugmentation : IBatchAugmentation
{
    /// <summary>Creates the strong augmentation over <paramref name="weak"/>.</summary>
    public StrongAugmentation(IPixelAugmentation weak, RandAugment? randAugment = null)
    {
        Weak = weak ?? throw new ArgumentNullException(nameof(weak));
        RandAugment = randAugment ?? new RandAugment();
    }

    /// <summary>The weak augmentation it starts from and normalises with.</summary>
    public IPixelAugmentation Weak { get; }

    /// <summary>The RandAugment + Cutout applied to the weak pixels.</summary>
    public RandAugment RandAugment { get; }

    /// <inheritdoc />
    public torch.Tensor Augment(torch.Tensor images, torch.Generator generator)
    {
        using var pixels = Weak.AugmentPixels(images, generator);
        using var strong = RandAugment.Augment(pixels, generator);
        return Weak.Prepare(strong);
    }

    /// <inheritdoc />
    public torch.Tensor Prepare(torch.Tensor images) => Weak.Prepare(images);

    /// <inheritdoc />
    public Normalization? Normalization => Weak.Normalization;
}
