namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi compare</c>: a table and one picture comparing finished run folders.</summary>
internal sealed record CompareCommandOptions
{
    /// <summary>Run folders (holding <c>metrics.csv</c>), or folders whose sub-folders are runs.</summary>
    public required IReadOnlyList<string> Runs { get; init; }

    /// <summary>The picture: test accuracy against the step, one line per method (mean over its seeds).</summary>
    public required string SavePath { get; init; }

    /// <summary>Where to write the table as Markdown too (null: console only).</summary>
    public string? Markdown { get; init; }

    /// <summary>Title of the picture.</summary>
    public string? Title { get; init; }

    public bool Verbose { get; init; }
}
