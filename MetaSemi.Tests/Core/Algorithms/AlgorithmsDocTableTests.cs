using System.Globalization;
using System.Reflection;
using System.Text;
using MetaSemi.Algorithms;

namespace MetaSemi.Tests.Core.Algorithms;

/// <summary>
/// docs/algorithms.md's table of the registered algorithms is generated from <see cref="AlgorithmRegistry.Default"/>:
/// name, display name, class, views, μ, λ_u (the defaults an algorithm declares) and the state it keeps in checkpoints
/// (what <c>GetState</c> gives after <c>Initialize</c>). The test fails when the doc's table differs; run it with
/// <c>METASEMI_WRITE_DOCS=1</c> to rewrite the table between its markers.
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class AlgorithmsDocTableTests
{
    private const string Begin = "<!-- registered algorithms: generated from AlgorithmRegistry.Default by AlgorithmsDocTableTests; do not edit by hand -->";
    private const string End = "<!-- end of registered algorithms -->";

    [Fact]
    public void The_algorithms_doc_lists_every_registered_algorithm_as_its_registration_and_defaults_say()
    {
        var root = typeof(AlgorithmsDocTableTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var path = Path.Combine(root, "docs", "algorithms.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        int begin = doc.IndexOf(Begin, StringComparison.Ordinal);
        int end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/algorithms.md has no generated table between '{Begin}' and '{End}'.");

        var table = Table();
        var current = doc[(begin + Begin.Length)..end];
        if (current != table && Environment.GetEnvironmentVariable("METASEMI_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, doc[..(begin + Begin.Length)] + table + doc[end..]);
            return;
        }

        Assert.True(current == table, $"docs/algorithms.md's table of registered algorithms is out of date; run this test with METASEMI_WRITE_DOCS=1 to regenerate it. Expected:{table}");
    }

    /// <summary>The table, with a line break before and after it.</summary>
    internal static string Table()
    {
        var classes = typeof(AlgorithmRegistry).Assembly.GetExportedTypes()
            .Select(t => (Type: t, Property: t.GetProperty("Registration", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)))
            .Where(p => p.Property?.PropertyType == typeof(AlgorithmRegistration))
            .ToDictionary(p => ((AlgorithmRegistration)p.Property!.GetValue(null)!).Name, p => p.Type.Name, StringComparer.Ordinal);
        var text = new StringBuilder("\n| name | shown as | class | views | μ | λ_u | state in checkpoints | what it is |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var registration in AlgorithmRegistry.Default.Algorithms)
        {
            var options = registration.CreateOptions();
            var algorithm = registration.Create(options);
            var requirements = algorithm.Requirements;
            algorithm.Initialize(new AlgorithmSetup(10, 100, TorchSharp.torch.CPU, TorchSharp.torch.float32));
            var state = algorithm.GetState();
            string views = requirements.UsesUnlabeledData
                ? string.Join(", ", requirements.UnlabeledViews) + (requirements.UsesExampleIndices ? " + indices" : string.Empty)
                : "none";
            string ratio = requirements.UsesUnlabeledData ? requirements.UnlabeledRatio.ToString(CultureInfo.InvariantCulture) : "—";
            string weight = options is SemiSupervisedAlgorithmOptions field ? field.UnlabeledLossWeight.ToString(CultureInfo.InvariantCulture) : "—";
            string kept = state.Count == 0 ? "none" : string.Join(", ", state.Keys.Select(k => $"`{k}`"));
            string cls = classes.TryGetValue(registration.Name, out var name) ? $"`{name}`" : "—";
            text.Append(CultureInfo.InvariantCulture, $"| `{registration.Name}` | {registration.DisplayName} | {cls} | {views} | {ratio} | {weight} | {kept} | {registration.Description} |\n");
            (algorithm as IDisposable)?.Dispose();
        }

        return text.ToString();
    }
}
