namespace MetaSemi;

/// <summary>
/// Every setting of a MetaSemi run in one object, bindable from configuration (section <see cref="SectionName"/>):
/// the trainer's general settings plus those of the default algorithm, MetaSemi (or, with
/// <see cref="UseUnlabeledData"/> false, the supervised baseline). Defaults equal the reference
/// implementation's CIFAR-10 command. Validated once, by <see cref="SemiSupervisedTrainerBuilder.Build"/> or
/// the options pipeline. With another algorithm (<c>UseFixMatch(…)</c>, …) use
/// <see cref="SemiSupervisedTrainerOptions"/> and the algorithm's own options instead.
/// </summary>
public sealed class MetaSemiOptions : SemiSupervisedTrainerOptions
{
    /// <summary>The configuration section conventionally holding these options.</summary>
    public const string SectionName = "MetaSemi";

    /// <summary>The meta step (docs/design.md §2.1).</summary>
    public MetaGradientOptions MetaGradient { get; set; } = new();

    /// <summary>Mixup of the supervised term (docs/design.md §2.2).</summary>
    public MixupOptions Mixup { get; set; } = new();

    /// <summary>The consistency loss and its weight schedule.</summary>
    public ConsistencyOptions Consistency { get; set; } = new();

    /// <summary>False for the supervised baseline: labelled data only, no meta step, no consistency term.</summary>
    public bool UseUnlabeledData { get; set; } = true;
}
