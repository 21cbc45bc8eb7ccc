namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi split-imagenet</c>: materialise the labelled/unlabelled split of <c>train/</c> into <c>labeled/</c> and <c>unlabeled/</c> (the reference's <c>split_imagenet.py</c>).</summary>
internal sealed record SplitImageNetCommandOptions
{
    public required string DataPath { get; init; }

    /// <summary>A list of <c>class/file</c> lines naming the labelled images; null draws <see cref="LabeledFraction"/> per class with <see cref="Seed"/>.</summary>
    public string? SplitFile { get; init; }
    public double LabeledFraction { get; init; } = ReferenceDefaults.ImageNetLabeledFraction;
    public int Seed { get; init; } = ReferenceDefaults.Seed;

    /// <summary>Hard-link the files instead of copying them (same file system only).</summary>
    public bool Link { get; init; }
    public bool Verbose { get; init; }
}
