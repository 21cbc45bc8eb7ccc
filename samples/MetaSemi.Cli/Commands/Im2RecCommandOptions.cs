namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi im2rec PREFIX ROOT</c>: make a <c>.lst</c> list (<c>--list</c>) or pack one into <c>.rec/.idx</c> (the reference's <c>im2rec.py</c>).</summary>
internal sealed record Im2RecCommandOptions
{
    public required string Prefix { get; init; }
    public required string Root { get; init; }
    public bool List { get; init; }
    public bool Recursive { get; init; }
    public IReadOnlyList<string> Exts { get; init; } = [".jpeg", ".jpg", ".png"];
    public int Chunks { get; init; } = 1;
    public double TrainRatio { get; init; } = 1.0;
    public double TestRatio { get; init; }
    public bool NoShuffle { get; init; }
    public bool PassThrough { get; init; }
    public bool PackLabel { get; init; }
    public int NumThread { get; init; } = 1;
    public int Quality { get; init; } = 95;
    public int Resize { get; init; }
    public bool CenterCrop { get; init; }
    public int Color { get; init; } = 1;
    public string Encoding { get; init; } = ".jpg";
    public int Seed { get; init; } = ReferenceDefaults.Seed;
    public bool Verbose { get; init; }
}
