namespace MetaSemi.Data;

/// <summary>Checks and orders the view names a stream is asked for (<see cref="ViewNames"/>).</summary>
internal static class StreamViews
{
    /// <summary>
    /// <see cref="ViewNames.Weak"/> first (always present: it is <see cref="Batch.Images"/>), then the
    /// others asked for, in <see cref="ViewNames.All"/> order.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a <see cref="ViewNames"/> name or is repeated; the message names <paramref name="option"/>.</exception>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string>? views, string option)
    {
        views ??= [ViewNames.Weak];
        foreach (var name in views)
        {
            if (!ViewNames.All.Contains(name))
            {
                throw new ArgumentException($"{option}: unknown view '{name}'; expected some of: {string.Join(", ", ViewNames.All)}.", option);
            }
        }

        var repeated = views.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (repeated.Length > 0)
        {
            throw new ArgumentException($"{option}: view '{repeated[0]}' is named more than once.", option);
        }

        return [.. ViewNames.All.Where(v => v == ViewNames.Weak || views.Contains(v))];
    }

    /// <summary>The generator tag offset of a further view (weak2 0, strong 1, strong2 2).</summary>
    public static ulong Offset(string view) => view switch
    {
        ViewNames.Weak2 => 0,
        ViewNames.Strong => 1,
        ViewNames.Strong2 => 2,
        _ => throw new ArgumentException($"'{view}' has no generator of its own.", nameof(view)),
    };
}
