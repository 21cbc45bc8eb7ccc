namespace MetaSemi;

/// <summary>
/// Scalars logged over a run: one row per logged step, one column per scalar name; a value the
/// row did not log is <see cref="double.NaN"/> (evaluation runs less often than training logs).
/// </summary>
public sealed class MetricsTable
{
    private readonly Dictionary<string, double[]> _columns;

    /// <summary>A table of <paramref name="steps"/> and, for each scalar name, one value per step (NaN where not logged).</summary>
    /// <exception cref="ArgumentException">A column's length differs from the number of steps.</exception>
    public MetricsTable(IReadOnlyList<long> steps, IReadOnlyDictionary<string, double[]> columns)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var (name, values) in columns)
        {
            if (values.Length != steps.Count)
            {
                throw new ArgumentException($"Column '{name}' has {values.Length} values for {steps.Count} steps.", nameof(columns));
            }
        }

        Steps = steps;
        _columns = new Dictionary<string, double[]>(columns, StringComparer.Ordinal);
    }

    /// <summary>The logged steps, in file order.</summary>
    public IReadOnlyList<long> Steps { get; }

    /// <summary>The scalar names present, in no particular order.</summary>
    public IEnumerable<string> ColumnNames => _columns.Keys;

    /// <summary>Whether the table has the column and at least one value in it.</summary>
    public bool HasValues(string name) => _columns.TryGetValue(name, out var v) && v.Any(x => !double.IsNaN(x));

    /// <summary>The (step, value) pairs of a column that have a value; empty when the column is absent.</summary>
    public (double[] Steps, double[] Values) Series(string name)
    {
        if (!_columns.TryGetValue(name, out var values))
        {
            return ([], []);
        }

        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                xs.Add(Steps[i]);
                ys.Add(values[i]);
            }
        }

        return ([.. xs], [.. ys]);
    }
}
