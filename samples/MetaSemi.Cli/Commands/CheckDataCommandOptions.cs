namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi check-data</c>: a scan of a user's own folders.</summary>
internal sealed record CheckDataCommandOptions
{
    public required string Path { get; init; }
    public bool Verbose { get; init; }
}
