using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// An image data set held in memory: uint8 images N×C×H×W, int64 labels of length N in
/// [0, <see cref="NumClasses"/>), and the class names. It owns its tensors.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    /// <summary>Creates a data set that owns <paramref name="images"/> and <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Shapes or types are wrong, or a label is outside the class range.</exception>
    public ImageDataset(torch.Tensor images, torch.Tensor labels, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (images.dtype != torch.ScalarType.Byte || images.dim() != 4)
        {
            throw new ArgumentException(
                $"Images must be uint8 N×C×H×W; got {images.dtype} of shape [{string.Join(", ", images.shape)}].", nameof(images));
        }

        if (labels.dtype != torch.ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException(
                $"Labels must be int64 of length {images.shape[0]}; got {labels.dtype} of shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        }

        if (classNames.Count == 0)
        {
            throw new ArgumentException("A data set needs at least one class name.", nameof(classNames));
        }

        if (labels.shape[0] > 0)
        {
            long min = labels.min().item<long>();
            long max = labels.max().item<long>();
            if (min < 0 || max >= classNames.Count)
            {
                throw new ArgumentException(
                    $"Labels must lie in [0, {classNames.Count}); found values from {min} to {max}.", nameof(labels));
            }
        }

        Images = images;
        Labels = labels;
        ClassNames = classNames.ToArray();
    }

    /// <summary>Images, uint8 N×C×H×W.</summary>
    public torch.Tensor Images { get; }

    /// <summary>Labels, int64 of length N.</summary>
    public torch.Tensor Labels { get; }

    /// <summary>Class names, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes.</summary>
    public int NumClasses => ClassNames.Count;

    /// <summary>Number of images.</summary>
    public int Count => (int)Images.shape[0];

    /// <summary>Channels per image.</summary>
    public int Channels => (int)Images.shape[1];

    /// <summary>Image height in pixels.</summary>
    public int Height => (int)Images.shape[2];

    /// <summary>Image width in pixels.</summary>
    public int Width => (int)Images.shape[3];

    /// <summary>The labels copied into a managed array.</summary>
    public long[] GetLabelArray() => Labels.data<long>().ToArray();

    /// <summary>Class names "0", "1", …, for formats that carry none.</summary>
    public static IReadOnlyList<string> NumberedClassNames(int numClasses) =>
        Enumerable.Range(0, numClasses).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
