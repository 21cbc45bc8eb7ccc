using System.Reflection;
using MetaSemi.Algorithms;
using MetaSemi.Benchmarks;

namespace MetaSemi.Tests.Core.Algorithms;

/// <summary>
/// Each algorithm carries its own registration (name, display name, description, options, factory); the registry,
/// <c>compare</c>'s names, the step benchmarks and the algorithms doc all follow from it, so that an algorithm added
/// without a benchmark case or a line in the doc fails here, not when the benchmarks run.
/// </summary>
public sealed class AlgorithmRegistrationTests
{
    [Fact]
    public void The_built_in_algorithms_are_registered_from_their_classes_in_order_with_the_names_compare_shows()
    {
        var registered = AlgorithmRegistry.Default.Algorithms.Select(r => (r.Name, r.DisplayName)).ToList();

        Assert.Equal(
            [
                ("metasemi", "MetaSemi"), ("supervised", "supervised"), ("reference-baseline", "reference baseline"),
                ("pimodel", "Pi-Model"), ("pseudolabel", "Pseudo-Label"), ("meanteacher", "Mean Teacher"),
                ("fixmatch", "FixMatch"), ("flexmatch", "FlexMatch"), ("freematch", "FreeMatch"), ("softmatch", "SoftMatch"),
            ],
            registered);
        Assert.Same(FixMatch.Registration, AlgorithmRegistry.Default.Get("fixmatch"));
        Assert.Equal(typeof(FlexMatchOptions), FlexMatch.Registration.OptionsType);
        Assert.IsType<SoftMatch>(SoftMatch.Registration.Create(new SoftMatchOptions()));
    }

    [Fact]
    public void Every_registered_algorithm_has_a_training_step_benchmark_case()
    {
        var missing = AlgorithmRegistry.Default.Algorithms.Select(r => r.Name).Except(AlgorithmStepBenchmarks.CoveredAlgorithms).ToList();

        Assert.Empty(missing);
        Assert.Equal(AlgorithmRegistry.Default.Algorithms.Count, AlgorithmStepBenchmarks.CoveredAlgorithms.Count);
    }

    [Fact]
    public void Every_registered_algorithm_is_described_in_the_algorithms_doc()
    {
        var root = typeof(AlgorithmRegistrationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var doc = File.ReadAllText(Path.Combine(root, "docs", "algorithms.md"));

        var missing = AlgorithmRegistry.Default.Algorithms.Where(r => !doc.Contains($"`{r.Name}`", StringComparison.Ordinal)).Select(r => r.Name).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void A_registration_made_outside_the_library_is_validated_and_registered_as_made()
    {
        var mine = AlgorithmRegistration.Create<SupervisedOptions>("my-method", "My method", "an app's own algorithm", o => new SupervisedAlgorithm(o));
        var registry = new AlgorithmRegistry().Register(mine);

        Assert.Same(mine, registry.Get("MY-METHOD"));
        Assert.Equal("My method", mine.DisplayName);
        Assert.Throws<ArgumentException>(() => registry.Register(mine));
        Assert.Throws<ArgumentException>(() => AlgorithmRegistration.Create<SupervisedOptions>("My Method", "x", "bad name", o => new SupervisedAlgorithm(o)));
        Assert.Throws<ArgumentException>(() => AlgorithmRegistration.Create<SupervisedOptions>("mine", " ", "no display name", o => new SupervisedAlgorithm(o)));
    }
}
