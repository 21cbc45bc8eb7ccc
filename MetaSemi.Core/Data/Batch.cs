using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// A batch of images ready for a network: float32 N×C×H×W (augmented and normalised) and int64
/// labels of length N. <see cref="Labels"/> is null where the source has no labels to show
/// (unlabelled data without hidden labels). An unlabelled batch may carry further named views of the
/// same images (<see cref="ViewNames"/>; <see cref="Images"/> is the <see cref="ViewNames.Weak"/> view)
/// and the examples' indices (for algorithms with per-example state). The batch owns its tensors.
/// </summary>
public sealed class Batch : IDisposable
{
    /// <summary>Creates a batch that owns <paramref name="images"/>, <paramref name="labels"/>, <paramref name="views"/> and <paramref name="indices"/>.</summary>
    /// <param name="images">The batch's images (the weak view of an unlabelled batch).</param>
    /// <param name="labels">int64 labels, or null.</param>
    /// <param name="views">Further views by name (each N×C×H×W, the same examples in the same order); <see cref="ViewNames.Weak"/> is <paramref name="images"/> and may not be repeated here.</param>
    /// <param name="indices">int64 example indices of length N (for an unlabelled batch: positions in the unlabelled pool, 0 ≤ i &lt; <see cref="IPairedBatchSource.UnlabeledCount"/>), or null.</param>
    public Batch(torch.Tensor images, torch.Tensor? labels, IReadOnlyDictionary<string, torch.Tensor>? views = null, torch.Tensor? indices = null)
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

        if (indices is not null && (indices.dim() != 1 || indices.shape[0] != images.shape[0]))
        {
            throw new ArgumentException(
                $"Indices must be a vector of length {images.shape[0]}; got shape [{string.Join(", ", indices.shape)}].", nameof(indices));
        }

        foreach (var (name, view) in views ?? new Dictionary<string, torch.Tensor>())
        {
            if (name == ViewNames.Weak)
            {
                throw new ArgumentException($"The '{ViewNames.Weak}' view is the batch's images; do not repeat it among the views.", nameof(views));
            }

            if (view.shape[0] != images.shape[0])
            {
                throw new ArgumentException($"View '{name}' has {view.shape[0]} examples; the batch has {images.shape[0]}.", nameof(views));
            }
        }

        Images = images;
        Labels = labels;
        Views = views ?? new Dictionary<string, torch.Tensor>();
        Indices = indices;
    }

    /// <summary>Further named views of the same examples (not including <see cref="ViewNames.Weak"/>, which is <see cref="Images"/>).</summary>
    public IReadOnlyDictionary<string, torch.Tensor> Views { get; }

    /// <summary>int64 example indices of length N, or null when the source gives none.</summary>
    public torch.Tensor? Indices { get; }

    /// <summary>The view called <paramref name="name"/>: <see cref="Images"/> for <see cref="ViewNames.Weak"/>.</summary>
    /// <exception cref="KeyNotFoundException">The batch has no such view.</exception>
    public torch.Tensor View(string name) =>
        name == ViewNames.Weak ? Images
        : Views.TryGetValue(name, out var view) ? view
        : throw new KeyNotFoundException($"The batch has no '{name}' view; it has: {string.Join(", ", new[] { ViewNames.Weak }.Concat(Views.Keys))}.");

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
        Indices?.Dispose();
        foreach (var view in Views.Values)
        {
            view.Dispose();
        }
    }
}
