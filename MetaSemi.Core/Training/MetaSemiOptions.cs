using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>
/// Every setting of a MetaSemi run in one object, bindable from configuration (section <see cref="SectionName"/>):
/// the trainer's general settings plus an adapter onto the algorithm's own options — <see cref="MetaGradient"/>,
/// <see cref="Mixup"/> and <see cref="Consistency"/> are the fields of <see cref="MetaSemiAlgorithmOptions"/>, the
/// options <c>UseMetaSemi</c> edits (or, with <see cref="UseUnlabeledData"/> false, <see cref="Mixup"/> is that of
/// <see cref="SupervisedOptions"/>). <c>SemiSupervisedTrainer.Create(options)</c> chooses that algorithm with those
/// options (<see cref="ToAlgorithmOptions"/>); they are validated by the same checks, with the same messages, as the
/// builder's (docs/library.md, "One configuration path"). Defaults equal the reference implementation's CIFAR-10
/// command. With another algorithm (<c>UseFixMatch(…)</c>, …) use <see cref="SemiSupervisedTrainerOptions"/> and the
/// algorithm's own options instead.
/// </summary>
public sealed class MetaSemiOptions : SemiSupervisedTrainerOptions
{
    /// <summary>The configuration section conventionally holding these options.</summary>
    public const string SectionName = "MetaSemi";

    /// <summary>The meta step (docs/design.md §2.1): <see cref="MetaSemiAlgorithmOptions.MetaGradient"/>.</summary>
    public MetaGradientOptions MetaGradient { get; set; } = new();

    /// <summary>Mixup of the supervised term (docs/design.md §2.2): <see cref="MetaSemiAlgorithmOptions.Mixup"/>.</summary>
    public MixupOptions Mixup { get; set; } = new();

    /// <summary>The consistency loss and its weight schedule: <see cref="MetaSemiAlgorithmOptions.Consistency"/>.</summary>
    public ConsistencyOptions Consistency { get; set; } = new();

    /// <summary>False for the supervised baseline: labelled data only, no meta step, no consistency term.</summary>
    public bool UseUnlabeledData { get; set; } = true;

    /// <summary>The registry name of the algorithm these options choose: <c>metasemi</c>, or <c>supervised</c> without unlabelled data.</summary>
    public string AlgorithmName => UseUnlabeledData ? MetaSemiAlgorithm.AlgorithmName : SupervisedAlgorithm.AlgorithmName;

    /// <summary>
    /// A deep copy of the algorithm part: a <see cref="MetaSemiAlgorithmOptions"/> with <see cref="MetaGradient"/>,
    /// <see cref="Mixup"/> and <see cref="Consistency"/>, or (without unlabelled data) a <see cref="SupervisedOptions"/>
    /// with <see cref="Mixup"/>.
    /// </summary>
    public IAlgorithmOptions ToAlgorithmOptions() => UseUnlabeledData
        ? MetaSemiAlgorithm.Registration.Copy(new MetaSemiAlgorithmOptions { MetaGradient = MetaGradient, Mixup = Mixup, Consistency = Consistency })
        : SupervisedAlgorithm.Registration.Copy(new SupervisedOptions { Mixup = Mixup });
}
