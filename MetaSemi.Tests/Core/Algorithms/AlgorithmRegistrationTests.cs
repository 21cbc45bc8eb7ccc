using System.Reflection;
using MetaSemi.Algorithms;
using MetaSemi.Benchmarks;

namespace MetaSemi.Tests.Core.Algorithms;

/// <summary>
/// Each algorithm carries its own registration (name, display name, description, options, factory), its order among the
/// built-in ones, its <c>Use…</c> method beside it and its step-benchmark cases; the registry, <c>compare</c>'s names,
/// the step benchmarks and the algorithms doc's table all follow from it, so that an algorithm added without a
/// benchmark case or a <c>Use…</c> method fails here, not when the benchmarks run.
/// </summary>
public sealed class AlgorithmRegistrationTests
{
    private static readonly Assembly Library = typeof(AlgorithmRegistry).Assembly;

    /// <summary>The library's public classes that declare a public static <c>Registration</c>.</summary>
    private static IEnumerable<(Type Type, AlgorithmRegistration Registration)> DeclaredRegistrations() =>
        Library.GetExportedTypes()
            .Select(t => (Type: t, Property: t.GetProperty("Registration", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)))
            .Where(p => p.Property?.PropertyType == typeof(AlgorithmRegistration))
            .Select(p => (p.Type, (AlgorithmRegistration)p.Property!.GetValue(null)!));

    [Fact]
    public void The_built_in_algorithms_are_registered_from_their_classes_in_order_with_the_names_compare_shows()
    {
        var registered = AlgorithmRegistry.Default.Algorithms.Select(r => (r.Name, r.DisplayName)).ToList();
        (string, string)[] pinned =
        [
            ("metasemi", "MetaSemi"), ("supervised", "supervised"), ("reference-baseline", "reference baseline"),
            ("pimodel", "Pi-Model"), ("pseudolabel", "Pseudo-Label"), ("meanteacher", "Mean Teacher"),
            ("fixmatch", "FixMatch"), ("flexmatch", "FlexMatch"), ("freematch", "FreeMatch"), ("softmatch", "SoftMatch"),
        ];

        // These keep their names, display names and relative order (run folders and compare's tables name them); an
        // algorithm added later may come anywhere among them.
        Assert.Equal(pinned, registered.Where(pinned.Contains));
        Assert.Same(FixMatch.Registration, AlgorithmRegistry.Default.Get("fixmatch"));
        Assert.Equal(typeof(FlexMatchOptions), FlexMatch.Registration.OptionsType);
        Assert.IsType<SoftMatch>(SoftMatch.Registration.Create(new SoftMatchOptions()));
    }

    [Fact]
    public void Every_class_of_the_library_that_declares_a_registration_is_in_the_default_registry_and_nothing_else_is()
    {
        var declared = DeclaredRegistrations().ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared.Select(d => d.Registration.Name).Order(), AlgorithmRegistry.Default.Algorithms.Select(r => r.Name).Order());
        Assert.All(declared, d => Assert.Same(d.Registration, AlgorithmRegistry.Default.Get(d.Registration.Name)));
    }

    [Fact]
    public void Every_registered_algorithm_has_one_Use_method_on_the_builder_for_its_options_type()
    {
        var useMethods = MetaSemi.Tests.Algorithms.AlgorithmUseMethods.All;

        Assert.All(AlgorithmRegistry.Default.Algorithms, r =>
            Assert.Single(useMethods, m => MetaSemi.Tests.Algorithms.AlgorithmUseMethods.OptionsTypeOf(m) == r.OptionsType));
        Assert.Equal(AlgorithmRegistry.Default.Algorithms.Count, useMethods.Count);
    }

    [Fact]
    public void Every_registered_algorithm_has_a_training_step_benchmark_case_whose_options_are_valid()
    {
        var missing = AlgorithmRegistry.Default.Algorithms.Select(r => r.Name).Except(AlgorithmStepBenchmarks.CoveredAlgorithms).ToList();

        Assert.Empty(missing);
        Assert.Equal(AlgorithmRegistry.Default.Algorithms.Count, AlgorithmStepBenchmarks.CoveredAlgorithms.Count);
        Assert.Equal(AlgorithmStepBenchmarks.Cases.Count, AlgorithmStepBenchmarks.CaseNames.Distinct(StringComparer.Ordinal).Count());
        Assert.Single(AlgorithmStepBenchmarks.Cases, c => c.Baseline);
        Assert.All(AlgorithmStepBenchmarks.Cases, c =>
        {
            Assert.True(c.ForwardPasses > 0, c.Name);
            Assert.Empty(c.CreateOptions().Validate());
            Assert.Equal(c.Registration.Name, c.Registration.Create(c.CreateOptions()).Name);
        });
        Assert.Equal(MetaGradientMethod.Exact, ((FixMatchOptions)AlgorithmStepBenchmarks.CaseNamed("FixMatch_MetaExact").CreateOptions()).MetaCorrection);
        var mixup = ((ReferenceBaselineOptions)AlgorithmStepBenchmarks.CaseNamed("ReferenceBaseline_Mixup").CreateOptions()).Mixup;
        Assert.Equal((true, 1.0), (mixup.Enabled, mixup.Alpha));
        Assert.Equal(MetaGradientMethod.Exact, ((MetaSemiAlgorithmOptions)AlgorithmStepBenchmarks.CaseNamed("MetaSemi_Exact").CreateOptions()).MetaGradient.Method);
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
