using TorchSharp;

namespace MetaSemi.Data;

/// <summary>Per-channel mean and standard deviation of pixel values scaled to [0, 1] (docs/design.md §3).</summary>
public sealed class Normalization
{
    /// <summary>Creates a normalisation with one mean and one positive std per channel.</summary>
    public Normalization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new ArgumentException($"Mean and std need the same, positive number of channels; got {mean.Count} and {std.Count}.", nameof(std));
        }

        if (std.Any(s => !(s > 0)))
        {
            throw new ArgumentException($"Every std must be positive; got ({string.Join(", ", std)}).", nameof(std));
        }

        Mean = mean.ToArray();
        Std = std.ToArray();
    }

    /// <summary>Per-channel mean of pixel/255.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Per-channel standard deviation of pixel/255.</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>Number of channels.</summary>
    public int Channels => Mean.Count;

    /// <summary>
    /// Measures the per-channel mean and (population) std of pixel/255 over uint8 N×C×H×W images,
    /// in float64 and in chunks so that memory stays small.
    /// </summary>
    public static Normalization FromImages(torch.Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[0] == 0)
        {
            throw new ArgumentException($"Expected non-empty N×C×H×W images; got shape [{string.Join(", ", images.shape)}].", nameof(images));
        }

        return FromChunks(images.shape[0], images.shape[2], images.shape[3], (start, n) => images.narrow(0, start, n).alias());
    }

    /// <summary>
    /// <see cref="FromImages"/> over <paramref name="count"/> images of <paramref name="height"/>×<paramref name="width"/>
    /// that <paramref name="read"/>(start, n) hands out n at a time (uint8 n×C×H×W, disposed here): the same chunks and
    /// the same arithmetic, so an on-disk cache measures bit for bit what the in-memory tensor does (docs/design.md §8).
    /// A chunk holds at most 4096 images of 32×32 pixels' worth (4096 images up to 32 px, 256 at 128 px). Each chunk
    /// only counts how often each value occurs per channel (one pass over the bytes); the sums of x and x² are then exact
    /// integers, so the result does not depend on the chunking or the order of the images.
    /// </summary>
    internal static Normalization FromChunks(long count, long height, long width, Func<long, long, torch.Tensor> read)
    {
        const long ChunkPixels = 4096L * 32 * 32;
        long chunk = Math.Clamp(ChunkPixels / (height * width), 1, 4096);
        long[]? histogram = null;
        int channels = 0;
        for (long start = 0; start < count; start += chunk)
        {
            using var inner = torch.NewDisposeScope();
            using var part = read(start, Math.Min(chunk, count - start));
            channels = (int)part.shape[1];
            histogram ??= new long[channels * 256];
            for (int c = 0; c < channels; c++)
            {
                var counts = part.select(1, c).flatten().bincount(null, 256).data<long>();
                for (int v = 0; v < 256; v++)
                {
                    histogram[(c * 256) + v] += counts[v];
                }
            }
        }

        if (histogram is null)
        {
            throw new ArgumentException("Expected at least one image.", nameof(count));
        }

        double pixels = count * height * width;
        var mean = new double[channels];
        var std = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            // Σx ≤ 255·pixels and Σx² ≤ 255²·pixels fit a long for any set that fits on a disk.
            long sum = 0, sumSq = 0;
            for (long v = 0; v < 256; v++)
            {
                sum += v * histogram[(c * 256) + v];
                sumSq += v * v * histogram[(c * 256) + v];
            }

            mean[c] = sum / 255.0 / pixels;
            std[c] = Math.Sqrt(Math.Max(0, (sumSq / (255.0 * 255.0) / pixels) - (mean[c] * mean[c])));
        }

        return new Normalization(mean, std);
    }

    /// <summary>Maps uint8 B×C×H×W images to float32 (pixel/255 − mean) / std.</summary>
    public torch.Tensor Apply(torch.Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != Channels)
        {
            throw new ArgumentException(
                $"Expected B×{Channels}×H×W images; got shape [{string.Join(", ", images.shape)}].", nameof(images));
        }

        using var scope = torch.NewDisposeScope();
        // One multiply-subtract per element: x·(1/(255·std)) − mean/std.
        var scale = torch.tensor(Std.Select(s => (float)(1.0 / (255.0 * s))).ToArray()).view(1, Channels, 1, 1);
        var shift = torch.tensor(Mean.Zip(Std, (m, s) => (float)(m / s)).ToArray()).view(1, Channels, 1, 1);
        return images.to(torch.float32).mul_(scale).sub_(shift).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() => $"mean ({string.Join(", ", Mean)}) std ({string.Join(", ", Std)})";
}
