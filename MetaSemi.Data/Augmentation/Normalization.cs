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
    /// A chunk holds at most 4096 images of 32×32 pixels' worth (4096 images up to 32 px, 256 at 128 px).
    /// </summary>
    internal static Normalization FromChunks(long count, long height, long width, Func<long, long, torch.Tensor> read)
    {
        const long ChunkPixels = 4096L * 32 * 32;
        long chunk = Math.Clamp(ChunkPixels / (height * width), 1, 4096);
        using var scope = torch.NewDisposeScope();
        torch.Tensor? sum = null, sumSq = null;
        for (long start = 0; start < count; start += chunk)
        {
            using var inner = torch.NewDisposeScope();
            using var part = read(start, Math.Min(chunk, count - start));
            var x = part.to(torch.float64).div_(255.0);
            var partSum = x.sum([0, 2, 3]);
            var partSumSq = x.square().sum([0, 2, 3]);
            if (sum is null || sumSq is null)
            {
                sum = torch.zeros(partSum.shape[0], dtype: torch.float64).MoveToOuterDisposeScope();
                sumSq = torch.zeros(partSum.shape[0], dtype: torch.float64).MoveToOuterDisposeScope();
            }

            sum.add_(partSum);
            sumSq.add_(partSumSq);
        }

        if (sum is null || sumSq is null)
        {
            throw new ArgumentException("Expected at least one image.", nameof(count));
        }

        double pixels = count * height * width;
        var mean = sum / pixels;
        var std = (sumSq / pixels - mean.square()).clamp_min(0).sqrt();
        return new Normalization(mean.data<double>().ToArray(), std.data<double>().ToArray());
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
