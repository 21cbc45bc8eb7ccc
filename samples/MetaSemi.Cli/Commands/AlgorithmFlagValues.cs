namespace MetaSemi.Cli.Commands;

/// <summary>The generated algorithm flags a command line gave (flag name without dashes → text), compared by value.</summary>
internal sealed class AlgorithmFlagValues : IEquatable<AlgorithmFlagValues>
{
    private readonly KeyValuePair<string, string>[] _values;

    public AlgorithmFlagValues(IEnumerable<KeyValuePair<string, string>> values)
    {
        _values = [.. values.OrderBy(v => v.Key, StringComparer.Ordinal)];
    }

    /// <summary>No flag given.</summary>
    public static AlgorithmFlagValues Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, string>> Values => _values;

    public bool Equals(AlgorithmFlagValues? other) => other is not null && _values.SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as AlgorithmFlagValues);

    public override int GetHashCode() => _values.Aggregate(0, (h, v) => HashCode.Combine(h, v.Key, v.Value));

    public override string ToString() => string.Join(" ", _values.Select(v => $"--{v.Key} {v.Value}"));
}
