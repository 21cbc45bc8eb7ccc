namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi compare</c>: a table and three pictures comparing finished run folders.</summary>
internal sealed record CompareCommandOptions
{
    /// <summary>Run folders (holding <c>metrics.csv</c>), or folders whose sub-folders are runs.</summary>
    public required IReadOnlyList<string> Runs { get; init; }

    /// <summary>The picture: test accuracy against the step, one line per method (mean over its seeds).</summary>
    public required string SavePath { get; init; }

    /// <summary>The label-efficiency picture; null: next to <see cref="SavePath"/>, drawn when a run records its label count.</summary>
    public string? LabelEfficiency { get; init; }

    /// <summary>The accuracy-against-training-time picture; null: next to <see cref="SavePath"/>, drawn when a run has step times.</summary>
    public string? AccuracyVsTime { get; init; }

    /// <summary>The label count whose runs <see cref="AccuracyVsTime"/> shows; null: the default choice.</summary>
    public int? Labels { get; init; }

    /// <summary>Where to write the table as Markdown too (null: console only).</summary>
    public string? Markdown { get; init; }

    /// <summary>Title of the picture against the step.</summary>
    public string? Title { get; init; }

    public bool Verbose { get; init; }

    /// <summary>A picture's default path: <see cref="SavePath"/> with <c>-<paramref name="suffix"/></c> before its extension.</summary>
    public string BesideSavePath(string suffix)
    {
        var extension = Path.GetExtension(SavePath);
        var folder = Path.GetDirectoryName(SavePath) ?? string.Empty;
        return Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(SavePath)}-{suffix}{(extension.Length == 0 ? ".png" : extension)}");
    }
}
