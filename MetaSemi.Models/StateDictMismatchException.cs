namespace MetaSemi.Models;

/// <summary>
/// A weight file does not fit a model. Nothing was loaded: the message lists every missing,
/// unexpected and mis-shaped key so that one run shows all that must be fixed.
/// </summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the exception from the three lists.</summary>
    /// <param name="source">The file (or other source) the weights came from.</param>
    /// <param name="missing">Keys the model has and the source lacks.</param>
    /// <param name="unexpected">Keys the source has and the model lacks.</param>
    /// <param name="misshaped">Keys present in both with different shapes.</param>
    public StateDictMismatchException(
        string source,
        IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected,
        IReadOnlyList<(string Key, long[] Expected, long[] Found)> misshaped)
        : base(Describe(source, missing, unexpected, misshaped))
    {
        Source = source;
        MissingKeys = missing;
        UnexpectedKeys = unexpected;
        MisshapedKeys = misshaped;
    }

    /// <summary>Creates the exception with a message only (no key lists).</summary>
    public StateDictMismatchException()
        : this("weights", [], [], [])
    {
    }

    /// <summary>Creates the exception with a message only (no key lists).</summary>
    /// <param name="message">The message.</param>
    public StateDictMismatchException(string message)
        : base(message)
    {
        Source = string.Empty;
        MissingKeys = [];
        UnexpectedKeys = [];
        MisshapedKeys = [];
    }

    /// <summary>Creates the exception with a message and a cause (no key lists).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StateDictMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Source = string.Empty;
        MissingKeys = [];
        UnexpectedKeys = [];
        MisshapedKeys = [];
    }

    /// <summary>The file (or other source) the weights came from.</summary>
    public new string Source { get; }

    /// <summary>Keys the model has and the source lacks.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Keys the source has and the model lacks.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>Keys present in both with different shapes: the model's shape, then the source's.</summary>
    public IReadOnlyList<(string Key, long[] Expected, long[] Found)> MisshapedKeys { get; }

    private static string Describe(
        string source,
        IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected,
        IReadOnlyList<(string Key, long[] Expected, long[] Found)> misshaped)
    {
        static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
        var lines = new List<string> { $"Weights in '{source}' do not match the model; nothing was loaded." };
        if (missing.Count > 0)
        {
            lines.Add($"Missing keys ({missing.Count}): {string.Join(", ", missing)}");
        }

        if (unexpected.Count > 0)
        {
            lines.Add($"Unexpected keys ({unexpected.Count}): {string.Join(", ", unexpected)}");
        }

        if (misshaped.Count > 0)
        {
            lines.Add($"Mis-shaped keys ({misshaped.Count}): {string.Join(", ", misshaped.Select(m => $"{m.Key} (model {Shape(m.Expected)}, file {Shape(m.Found)})"))}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
