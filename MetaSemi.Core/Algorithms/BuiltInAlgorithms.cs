namespace MetaSemi.Algorithms;

/// <summary>
/// The algorithms that ship with MetaSemi.NET, in the order the CLI and the docs list them. Each class carries its
/// own <c>Registration</c> (name, display name, description with the paper, options type, factory); its
/// <c>Use…</c> builder method is in <see cref="AlgorithmBuilderExtensions"/> (MetaSemi, supervised, the reference
/// baseline) or <see cref="FieldAlgorithmBuilderExtensions"/> (the field's methods, docs/algorithms.md).
/// </summary>
internal static class BuiltInAlgorithms
{
    /// <summary>Every built-in algorithm's registration.</summary>
    public static IReadOnlyList<AlgorithmRegistration> All { get; } =
    [
        MetaSemiAlgorithm.Registration, SupervisedAlgorithm.Registration, ReferenceBaselineAlgorithm.Registration,
        PiModel.Registration, PseudoLabel.Registration, MeanTeacher.Registration,
        FixMatch.Registration, FlexMatch.Registration, FreeMatch.Registration, SoftMatch.Registration,
    ];

    /// <summary>Registers every built-in algorithm in <paramref name="registry"/>.</summary>
    public static AlgorithmRegistry Register(AlgorithmRegistry registry)
    {
        foreach (var registration in All)
        {
            registry.Register(registration);
        }

        return registry;
    }
}
