using System.Text.Json;

namespace MetaSemi.Comparison;

/// <summary>
/// Which method a run is, from its own records: the algorithm (with its meta-correction, "FixMatch +
/// meta-correction"), the variant facets the algorithm's options give (MetaSemi's meta-gradient, mixup on or off),
/// and the learning-rate recipe. It also keeps the folder's name without its label count and <c>-seedN</c>: two
/// differently named folders of one label count whose records agree are kept apart (<see cref="MethodSummary.Group"/>).
/// Without <c>options.json</c> and <c>args.json</c> the method is the folder's name without <c>-seedN</c>.
/// </summary>
public sealed class MethodIdentity(string algorithm, IReadOnlyList<string> facets, LearningRateRecipe? recipe, string folderStem)
{
    /// <summary>The algorithm's readable name, with its meta-correction when it has one ("FixMatch + meta-correction").</summary>
    public string Algorithm { get; } = algorithm;

    /// <summary>The variant facets, in order ("finite difference", "mixup").</summary>
    public IReadOnlyList<string> Facets { get; } = facets;

    /// <summary>The learning-rate recipe; null when the records give none.</summary>
    public LearningRateRecipe? Recipe { get; } = recipe;

    /// <summary>The run folder's name without the leading label count and the trailing <c>-seedN</c>.</summary>
    public string FolderStem { get; } = folderStem;

    /// <summary>The name without the learning-rate recipe: "MetaSemi (finite difference, mixup)".</summary>
    public string BaseName => Name([]);

    /// <summary>Equal for runs whose records say they are one method (seeds, label counts and folder names aside).</summary>
    public string Key => string.Join('\u001f', [Algorithm, .. Facets, Recipe?.Key ?? string.Empty]);

    /// <summary>The name with extra facets (of the recipe) after the variant facets.</summary>
    public string Name(IEnumerable<string> extra)
    {
        var all = Facets.Concat(extra).Where(f => f.Length > 0).ToArray();
        return all.Length == 0 ? Algorithm : $"{Algorithm} ({string.Join(", ", all)})";
    }

    /// <summary>The identity of the run whose records are <paramref name="records"/>, in the folder <paramref name="folderName"/>.</summary>
    public static MethodIdentity From(RunRecords records, string folderName)
    {
        ArgumentNullException.ThrowIfNull(records);
        var stem = RunSummary.MethodOf(folderName);
        if (records.LabelCount is { } labels && stem.StartsWith(FormattableString.Invariant($"{labels}-"), StringComparison.Ordinal))
        {
            stem = stem[(FormattableString.Invariant($"{labels}-").Length)..];
        }

        var registryName = records.Algorithm;
        if (registryName is null)
        {
            return new MethodIdentity(stem, [], LearningRateRecipe.From(records), stem);
        }

        var options = records.AlgorithmOptions;
        // The registration's display name ("Mean Teacher"); an algorithm no longer registered keeps its records' name.
        var displayName = Algorithms.AlgorithmRegistry.Default.TryGet(registryName, out var registration) ? registration.DisplayName : registryName;
        var algorithm = displayName + MetaCorrection(options);
        var facets = new List<string>();
        if (RunRecords.Property(options, "MetaGradient") is { } meta && RunRecords.Text(meta, "Method") is { } method)
        {
            facets.Add(MetaGradient(method));
        }

        if (RunRecords.Property(options, "Mixup") is { } mixup && RunRecords.Boolean(mixup, "Enabled") is { } enabled)
        {
            facets.Add(enabled ? "mixup" : "no mixup");
        }

        return new MethodIdentity(algorithm, facets, LearningRateRecipe.From(records), stem);
    }

    /// <summary>" + meta-correction" (finite difference) or " + exact meta-correction" when the options correct the targets; else empty.</summary>
    private static string MetaCorrection(JsonElement? options) => RunRecords.Text(options, "MetaCorrection") switch
    {
        null or "None" => string.Empty,
        "FiniteDifference" => " + meta-correction",
        "Exact" => " + exact meta-correction",
        var other => $" + meta-correction ({other})",
    };

    private static string MetaGradient(string method) => method switch
    {
        "FiniteDifference" => "finite difference",
        "Exact" => "exact",
        "None" => "no meta-gradient",
        _ => method,
    };
}
