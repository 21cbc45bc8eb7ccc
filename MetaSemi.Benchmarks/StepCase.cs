using System.Reflection;
using MetaSemi.Algorithms;
using Microsoft.Extensions.Configuration;

namespace MetaSemi.Benchmarks;

/// <summary>
/// One case of <see cref="AlgorithmStepBenchmarks"/>: a <see cref="StepBenchmarkCaseAttribute"/> of a built-in
/// algorithm class with that class's registration.
/// </summary>
internal sealed class StepCase(AlgorithmRegistration registration, StepBenchmarkCaseAttribute declared)
{
    /// <summary>The case's name in the report.</summary>
    public string Name => declared.Name;

    /// <summary>The algorithm's registration.</summary>
    public AlgorithmRegistration Registration { get; } = registration;

    /// <summary>Forward-pass equivalents of one step.</summary>
    public double ForwardPasses => declared.ForwardPasses;

    /// <summary>Whether the other cases are shown relative to this one.</summary>
    public bool Baseline => declared.Baseline;

    /// <summary>The changes to the default options, <c>"Key=Value"</c>.</summary>
    public IReadOnlyList<string> Options => declared.Options;

    /// <summary>The cases <paramref name="algorithmClass"/> declares, in declaration order.</summary>
    public static IEnumerable<StepCase> Of(Type algorithmClass)
    {
        var registration = BuiltInAlgorithms.RegistrationOf(algorithmClass);
        return algorithmClass.GetCustomAttributes<StepBenchmarkCaseAttribute>(inherit: false).Select(a => new StepCase(registration, a));
    }

    /// <summary>The algorithm's default options with the case's changes bound onto them.</summary>
    /// <exception cref="FormatException">A change is not <c>Key=Value</c>.</exception>
    public IAlgorithmOptions CreateOptions()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var change in Options)
        {
            int equals = change.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Step case {Name}: an option change is 'Key=Value'; got '{change}'.");
            }

            values[change[..equals]] = change[(equals + 1)..];
        }

        return Registration.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
