namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi check-data</c>: a scan of a user's own folders.</summary>
internal sealed record CheckDataCommandOptions
{
    public required string Path { get; init; }

    /// <summary><c>--pretrained imagenet</c>: also report how far each unlabelled image is from the labelled classes.</summary>
    public string Pretrained { get; init; } = PretrainedOptionSet.None;

    /// <summary><c>--image-size</c>: the side images are decoded at for the feature report (null: the pretrained network's default for folders).</summary>
    public int? ImageSize { get; init; }

    public bool Verbose { get; init; }
}
