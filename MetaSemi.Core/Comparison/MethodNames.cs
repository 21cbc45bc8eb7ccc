namespace MetaSemi.Comparison;

/// <summary>
/// Readable names for the methods of one comparison: a method's <see cref="MethodIdentity.BaseName"/>, plus the
/// learning-rate facets that tell it from other methods of the same base name (the first facets, in
/// <see cref="LearningRateRecipe"/>'s order, that make their names differ: "supervised (mixup, step lr)" and
/// "supervised (mixup, cosine lr)"). A method alone with its base name keeps the base name.
/// </summary>
public static class MethodNames
{
    /// <summary>The name of every identity, by <see cref="MethodIdentity.Key"/>.</summary>
    public static IReadOnlyDictionary<string, string> Assign(IEnumerable<MethodIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var distinct = identities.DistinctBy(i => i.Key, StringComparer.Ordinal).ToArray();
        foreach (var sameBase in distinct.GroupBy(i => i.BaseName, StringComparer.Ordinal))
        {
            var members = sameBase.ToArray();
            var chosen = DistinguishingFacets(members);
            foreach (var identity in members)
            {
                names[identity.Key] = identity.Name(chosen.Select(f => FacetOf(identity, f)));
            }
        }

        return names;
    }

    /// <summary>The fewest leading differing recipe facets (indices) that give <paramref name="members"/> different names.</summary>
    private static List<int> DistinguishingFacets(MethodIdentity[] members)
    {
        var chosen = new List<int>();
        if (members.Length < 2)
        {
            return chosen;
        }

        for (int facet = 0; facet < LearningRateRecipe.FacetCount; facet++)
        {
            if (members.Select(m => FacetOf(m, facet)).Distinct(StringComparer.Ordinal).Count() < 2)
            {
                continue;
            }

            chosen.Add(facet);
            if (members.Select(m => string.Join('|', chosen.Select(f => FacetOf(m, f)))).Distinct(StringComparer.Ordinal).Count() == members.Length)
            {
                break;
            }
        }

        return chosen;
    }

    private static string FacetOf(MethodIdentity identity, int facet) => identity.Recipe?.Facets[facet] ?? string.Empty;
}
