namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi export</c>: a model file, or a checkpoint with its architecture, to an ONNX file.</summary>
internal sealed record ExportCommandOptions
{
    /// <summary>The self-describing model file (docs/design.md §8); null when <see cref="Checkpoint"/> is given.</summary>
    public string? Model { get; init; }

    /// <summary>A run's checkpoint, exported with <see cref="Arch"/>, <see cref="NumClasses"/> and <see cref="Dataset"/>'s preprocessing.</summary>
    public string? Checkpoint { get; init; }

    public string Arch { get; init; } = ReferenceDefaults.Arch;

    /// <summary>Classes of the checkpoint's network; null: the data set's count.</summary>
    public int? NumClasses { get; init; }

    /// <summary>The data set whose channels, image size and normalisation the checkpoint was trained with.</summary>
    public string Dataset { get; init; } = ReferenceDefaults.Dataset;

    /// <summary>Class names for a checkpoint, in output order; null: 0, 1, ….</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Input side for a checkpoint; null: the data set's.</summary>
    public int? ImageSize { get; init; }

    public required string Output { get; init; }
    public bool Verbose { get; init; }
}
