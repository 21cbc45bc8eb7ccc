using static TorchSharp.torch;

namespace MetaSemi.Cli.Tsne;

/// <summary>
/// Settings of <see cref="TsneEmbedder"/>; defaults follow van der Maaten's reference <c>tsne.py</c>
/// (perplexity 30, PCA to 50 dimensions, 1000 iterations, early exaggeration 4 for 100
/// iterations, momentum 0.5 then 0.8 after 20 iterations, gains with minimum 0.01).
/// </summary>
internal sealed record TsneOptions
{
    public double Perplexity { get; init; } = 30;

    /// <summary>Inputs with more dimensions are first projected on this many principal components; 0 keeps all.</summary>
    public int PcaDimensions { get; init; } = 50;

    public int Iterations { get; init; } = 1000;

    public double EarlyExaggeration { get; init; } = 4;

    public int ExaggerationIterations { get; init; } = 100;

    /// <summary>Step size for the exact gradient; null picks max(N / exaggeration / 4, 50) as scikit-learn's "auto".</summary>
    public double? LearningRate { get; init; }

    public double InitialMomentum { get; init; } = 0.5;

    public double FinalMomentum { get; init; } = 0.8;

    public int MomentumSwitchIteration { get; init; } = 20;

    public double MinGain { get; init; } = 0.01;

    /// <summary>Seeds the random initial embedding.</summary>
    public long Seed { get; init; }

    /// <summary>Element type of the N×N iteration tensors (float32 halves memory and time at 5000 points).</summary>
    public ScalarType IterationType { get; init; } = ScalarType.Float32;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate(int pointCount)
    {
        Check(Perplexity > 0, $"perplexity must be > 0, got {Perplexity}");
        Check(pointCount >= 3, $"t-SNE needs at least 3 points, got {pointCount}");
        Check(Perplexity < pointCount - 1, $"perplexity {Perplexity} must be smaller than the number of points minus one ({pointCount - 1})");
        Check(PcaDimensions >= 0, $"PCA dimensions must be >= 0, got {PcaDimensions}");
        Check(Iterations >= 1, $"iterations must be >= 1, got {Iterations}");
        Check(EarlyExaggeration >= 1, $"early exaggeration must be >= 1, got {EarlyExaggeration}");
        Check(ExaggerationIterations >= 0, $"exaggeration iterations must be >= 0, got {ExaggerationIterations}");
        Check(LearningRate is null or > 0, $"learning rate must be > 0, got {LearningRate}");
        Check(MinGain > 0, $"minimum gain must be > 0, got {MinGain}");
        Check(IterationType is ScalarType.Float32 or ScalarType.Float64, $"iteration type must be Float32 or Float64, got {IterationType}");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"t-SNE: {message}.");
        }
    }
}
