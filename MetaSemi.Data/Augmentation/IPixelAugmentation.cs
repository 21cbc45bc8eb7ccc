using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// A train augmentation whose random part stops before the normalisation, so that further pixel
/// operations (the strong augmentation's RandAugment + Cutout, docs/design.md §7) can run in between:
/// <c>Augment(x, g)</c> equals <c>Prepare(AugmentPixels(x, g))</c>.
/// </summary>
public interface IPixelAugmentation : IBatchAugmentation
{
    /// <summary>The random part of <see cref="IBatchAugmentation.Augment"/>: uint8 B×C×H×W in, uint8 B×C×H×W out, not normalised.</summary>
    torch.Tensor AugmentPixels(torch.Tensor images, torch.Generator generator);
}
