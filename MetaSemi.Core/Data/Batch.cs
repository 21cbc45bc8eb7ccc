using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// A batch of images ready for a network: float32 N×C×H×W (augmented and normalised) and int64
/// labels of length N. <see cref="Labels"/> is null where the source has no labels to show
/// (unlabelled data without hidden labels). The batch owns its tensors.
/// </summary>
public sealed class Batch : IDisposable
{
    /// <summary>Creates a batch that owns <paramref name="images"/> and <paramref name="labels"/>.</summary>
    public Batch(torch.Tensor images, torch.Tensor? labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() < 2)
        {
            throw new ArgumentException($"Images must have a batch dimension; got shape [{string.Join(", ", images.shape)}].", nameof(images));
        }

        if (labels is not null && (labels.dim() != 1 || labels.shape[0] != images.shape[0]))
        {
            throw new ArgumentException(
                $"Labels must be a vector of length {images.shape[0]}; got shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        }

        Images = images;
        Labels = labels;
    }

    /// <summary>Images, float32 N×C×H×W.</summary>
    public torch.Tensor Images { get; }

    /// <summary>Labels, int64 of length N, or null when unknown.</summary>
    public torch.Tensor? Labels { get; }

    /// <summary>Number of examples.</summary>
    public int Count => (int)Images.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}
