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

        using var scope = torch.NewDisposeScope();
        long c = images.shape[1];
        var sum = torch.zeros(c, dtype: torch.float64);
        var sumSq = torch.zeros(c, dtype: torch.float64);
        const long Chunk = 4096;
        for (long start = 0; start < images.shape[0]; start += Chunk)
        {
            using var inner = torch.NewDisposeScope();
            var x = images.narrow(0, start, Math.Min(Chunk, images.shape[0] - start)).to(torch.float64).div_(255.0);
            sum.add_(x.sum([0, 2, 3]));
            sumSq.add_(x.square().sum([0, 2, 3]));
        }

        double count = images.shape[0] * images.shape[2] * images.shape[3];
        var mean = sum / count;
        var std = (sumSq / count - mean.square()).clamp_min(0).sqrt();
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
