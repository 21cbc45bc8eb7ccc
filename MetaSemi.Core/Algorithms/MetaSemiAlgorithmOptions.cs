namespace MetaSemi.Algorithms;

/// <summary>Options of <see cref="MetaSemiAlgorithm"/> (docs/design.md §2); defaults equal the reference's CIFAR-10 command.</summary>
public sealed class MetaSemiAlgorithmOptions : IAlgorithmOptions
{
    /// <summary>The meta step (docs/design.md §2.1).</summary>
    public MetaGradientOptions MetaGradient { get; set; } = new();

    /// <summary>Mixup of the supervised term (docs/design.md §2.2), on by default.</summary>
    public MixupOptions Mixup { get; set; } = new();

    /// <summary>The consistency loss and its weight schedule.</summary>
    public ConsistencyOptions Consistency { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MetaGradient is null || Consistency is null)
        {
            return ["MetaGradient and Consistency must not be null."];
        }

        return AlgorithmOptionChecks.MetaGradient(MetaGradient)
            .Concat(AlgorithmOptionChecks.Mixup(Mixup))
            .Concat(AlgorithmOptionChecks.Consistency(Consistency));
    }
}
