namespace MetaSemi;

/// <summary>
/// Every setting of a MetaSemi run, bindable from configuration (section <see cref="SectionName"/>).
/// Defaults equal the reference implementation's CIFAR-10 command. Validated once, by
/// <see cref="SemiSupervisedTrainerBuilder.Build"/> or the options pipeline.
/// </summary>
public sealed class MetaSemiOptions
{
    /// <summary>The configuration section conventionally holding these options.</summary>
    public const string SectionName = "MetaSemi";

    /// <summary>The meta step (SPEC §2.1).</summary>
    public MetaGradientOptions MetaGradient { get; set; } = new();

    /// <summary>Mixup of the supervised term (SPEC §2.2).</summary>
    public MixupOptions Mixup { get; set; } = new();

    /// <summary>The consistency loss and its weight schedule.</summary>
    public ConsistencyOptions Consistency { get; set; } = new();

    /// <summary>SGD settings.</summary>
    public SgdOptions Optimizer { get; set; } = new();

    /// <summary>Learning-rate schedule.</summary>
    public LearningRateScheduleOptions Schedule { get; set; } = new();

    /// <summary>Test-set evaluation.</summary>
    public EvaluationOptions Evaluation { get; set; } = new();

    /// <summary>Device name: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>
    /// The seed of every random source the trainer owns (mixup, and dropout through torch's
    /// process-wide generator, so two trainers in one process should not train at once). Default
    /// 1234, the reference's.
    /// </summary>
    public int Seed { get; set; } = 1234;

    /// <summary>False for the supervised baseline: labelled data only, no meta step, no consistency term.</summary>
    public bool UseUnlabeledData { get; set; } = true;

    /// <summary>Run folder for <c>checkpoint</c>, <c>model_best</c>, metrics and the options; null writes nothing.</summary>
    public string? RunFolder { get; set; }

    /// <summary>A checkpoint file to resume from; null starts a fresh run.</summary>
    public string? ResumeFrom { get; set; }

    /// <summary>Steps between the per-step log lines.</summary>
    public int LogEverySteps { get; set; } = 100;
}
