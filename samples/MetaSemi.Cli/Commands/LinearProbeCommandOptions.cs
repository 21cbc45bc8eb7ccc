namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi linear-probe</c>: a logistic regression on the frozen ImageNet ResNet-18's features (docs/pretrained.md, "Linear probe").</summary>
internal sealed record LinearProbeCommandOptions
{
    public required string Dataset { get; init; }
    public required string DataPath { get; init; }
    public int NumLabel { get; init; }
    public int Seed { get; init; }

    /// <summary>The network's input side; null: 64 for images of 32 px or less, else the images' own.</summary>
    public int? ImageSize { get; init; }
    public required string SavePath { get; init; }

    /// <summary>The folder of cached features (<see cref="MetaSemi.Models.Pretrained.FeatureCache"/>).</summary>
    public required string FeatureCache { get; init; }
    public double WeightDecay { get; init; }
    public int Iterations { get; init; }
    public int BatchSize { get; init; }
    public bool Verbose { get; init; }
}
