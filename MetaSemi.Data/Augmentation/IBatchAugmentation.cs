using TorchSharp;

namespace MetaSemi.Data;

/// <summary>Turns a batch of uint8 images into network input: randomly for training, deterministically for testing.</summary>
public interface IBatchAugmentation
{
    /// <summary>Training transform of uint8 B×C×H×W to float32, all randomness drawn from <paramref name="generator"/>.</summary>
    torch.Tensor Augment(torch.Tensor images, torch.Generator generator);

    /// <summary>Test transform of uint8 B×C×H×W to float32 (normalise only).</summary>
    torch.Tensor Prepare(torch.Tensor images);

    /// <summary>The normalisation <see cref="Prepare"/> applies, when it is exactly (x/255 − mean) / std; else null (a model file cannot then describe it).</summary>
    Normalization? Normalization => null;
}
