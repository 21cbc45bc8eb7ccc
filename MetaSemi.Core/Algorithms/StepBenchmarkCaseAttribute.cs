namespace MetaSemi.Algorithms;

/// <summary>
/// One case of the step benchmarks (MetaSemi.Benchmarks' <c>AlgorithmStepBenchmarks</c>, docs/benchmarks/algorithm-steps.md),
/// declared on the algorithm class it times: the case's name, the change to the algorithm's default options, and the
/// cost of one training step in forward-pass equivalents (units of one forward over the 64-image labelled batch: a
/// forward over n images counts n/64, its backward 2·n/64, a double backward 2·n/64), counted from the algorithm's
/// code, so that whoever changes the step sees the count beside it. Every built-in algorithm declares at least one
/// case (a test checks it); the benchmark runs one per attribute.
/// </summary>
/// <param name="name">The case's name in the report (a C# identifier: <c>FixMatch_MetaExact</c>); unique.</param>
/// <param name="forwardPasses">Forward-pass equivalents of one step of the case.</param>
/// <param name="options">
/// Changes to the default options as configuration keys and values, <c>"Key=Value"</c>, bound as
/// <see cref="AlgorithmRegistration.Bind"/> binds (<c>"MetaGradient:Method=Exact"</c>); none for the defaults.
/// </param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
internal sealed class StepBenchmarkCaseAttribute(string name, double forwardPasses, params string[] options) : Attribute
{
    /// <summary>The case's name in the report.</summary>
    public string Name { get; } = name;

    /// <summary>Forward-pass equivalents of one step of the case.</summary>
    public double ForwardPasses { get; } = forwardPasses;

    /// <summary>The changes to the default options, <c>"Key=Value"</c>.</summary>
    public IReadOnlyList<string> Options { get; } = options;

    /// <summary>Whether the other cases' time is shown relative to this one's (the supervised step).</summary>
    public bool Baseline { get; set; }
}
