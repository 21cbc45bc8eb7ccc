using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace MetaSemi.Tests.Packaging;

/// <summary>
/// samples/CustomAlgorithm, a separate program that sees only the libraries' public API, writes entropy minimisation,
/// registers it and trains it through the fluent builder and through configuration binding (appsettings.json).
/// </summary>
public sealed partial class CustomAlgorithmSampleTests
{
    [Fact]
    public void The_sample_algorithm_trains_from_outside_the_library_through_the_builder_and_through_configuration_alike()
    {
        string output = ChildProcess.Run(Path.GetDirectoryName(SampleBuilds.Dll("CustomAlgorithm"))!,
            SampleBuilds.DotnetHost(), SampleBuilds.Dll("CustomAlgorithm"), "--steps", "12");

        // Both paths chose the outside algorithm (its own metrics are there) and trained bit for bit the same weights.
        var fluent = RunLine().Match(output.Split('\n').Single(l => l.StartsWith("fluent builder:", StringComparison.Ordinal)));
        var bound = RunLine().Match(output.Split('\n').Single(l => l.StartsWith("configuration:", StringComparison.Ordinal)));
        Assert.True(fluent.Success && bound.Success, output);
        Assert.Equal(fluent.Groups["rest"].Value, bound.Groups["rest"].Value);
        Assert.Contains("configuration binding trained the same weights as the fluent builder: yes", output, StringComparison.Ordinal);

        // The mean entropy of 10-class predictions lies in (0, ln 10]; the confident share is a fraction.
        double entropy = double.Parse(fluent.Groups["entropy"].Value, CultureInfo.InvariantCulture);
        double confident = double.Parse(fluent.Groups["confident"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(entropy, 1e-3, Math.Log(10) + 1e-3);
        Assert.InRange(confident, 0, 1);
        Assert.Contains("supervised only: best test accuracy", output, StringComparison.Ordinal);
    }

    [Fact]
    public void No_library_opens_its_internals_to_the_sample()
    {
        foreach (var library in new[] { typeof(SemiSupervisedTrainer).Assembly, typeof(MetaSemi.Data.ImageDataset).Assembly, typeof(MetaSemi.Models.ModelZoo).Assembly })
        {
            Assert.DoesNotContain(library.GetCustomAttributes<InternalsVisibleToAttribute>(),
                a => a.AssemblyName.StartsWith("CustomAlgorithm", StringComparison.Ordinal));
        }

        // It references the three libraries that are the packages, and nothing of the tests.
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(SampleBuilds.RepositoryRoot, "samples", "CustomAlgorithm", "CustomAlgorithm.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)).Order(StringComparer.Ordinal);
        Assert.Equal(["MetaSemi.Core", "MetaSemi.Data", "MetaSemi.Models"], references);
    }

    [GeneratedRegex(@"^\S[^:]*: (?<rest>best test accuracy .*entropy (?<entropy>[0-9.]+), confident-share (?<confident>[0-9.]+))\s*$")]
    private static partial Regex RunLine();
}
