namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi evaluate</c>: accuracy, per-class accuracy and a confusion-matrix picture of a checkpoint on a test set.</summary>
internal sealed record EvaluateCommandOptions
{
    public string Dataset { get; init; } = ReferenceDefaults.Dataset;
    public string DataPath { get; init; } = ReferenceDefaults.DataPathFor(ReferenceDefaults.Dataset);
    public required string Checkpoint { get; init; }
    public string Arch { get; init; } = ReferenceDefaults.Arch;

    /// <summary>Whether -a/--arch was given (a model file of another architecture is then refused).</summary>
    public bool ArchGiven { get; init; }
    public int BatchSize { get; init; } = ReferenceDefaults.TestBatchSize;

    /// <summary>Folder for <c>confusion-matrix.png</c>; defaults to the checkpoint's folder.</summary>
    public required string SavePath { get; init; }
    public string Device { get; init; } = ReferenceDefaults.Device;
    public bool Verbose { get; init; }
}
