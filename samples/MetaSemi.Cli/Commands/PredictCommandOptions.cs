namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi predict</c>: top-k classes of images from a model file.</summary>
internal sealed record PredictCommandOptions
{
    public required string Model { get; init; }
    public required IReadOnlyList<string> Images { get; init; }
    public int TopK { get; init; } = 3;

    /// <summary><c>table</c>, <c>csv</c> or <c>json</c>.</summary>
    public string Format { get; init; } = "table";
    public string? Output { get; init; }
    public int BatchSize { get; init; } = 32;
    public string Device { get; init; } = ReferenceDefaults.Device;
    public bool Verbose { get; init; }
}
