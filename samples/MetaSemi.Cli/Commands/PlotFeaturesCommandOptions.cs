namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi plot-features</c>: the paper's Fig. 3 (the reference's <c>plot_features.py</c>).</summary>
internal sealed record PlotFeaturesCommandOptions
{
    public string Dataset { get; init; } = ReferenceDefaults.Dataset;
    public string DataPath { get; init; } = ReferenceDefaults.DataPathFor(ReferenceDefaults.Dataset);
    public required string CheckpointPath { get; init; }
    public required string IndexPath { get; init; }

    /// <summary>Folder the picture (<c>features.png</c>) is written to.</summary>
    public required string SavePath { get; init; }
    public string Arch { get; init; } = ReferenceDefaults.Arch;

    /// <summary>Whether -a/--arch was given (a model file of another architecture is then refused).</summary>
    public bool ArchGiven { get; init; }
    public int NumPoint { get; init; } = ReferenceDefaults.FeaturePoints;
    public double Perplexity { get; init; } = ReferenceDefaults.Perplexity;
    public int TsneIterations { get; init; } = ReferenceDefaults.TsneIterations;
    public int BatchSize { get; init; } = ReferenceDefaults.TestBatchSize;
    public int Seed { get; init; } = ReferenceDefaults.Seed;
    public string Device { get; init; } = ReferenceDefaults.Device;
    public bool Verbose { get; init; }
}
