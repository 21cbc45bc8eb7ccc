namespace MetaSemi;

/// <summary>The built-in learning-rate schedules.</summary>
public enum LearningRateScheduleKind
{
    /// <summary>Linear warm-up, then ×γ after each milestone (CIFAR/SVHN).</summary>
    WarmupMultiStep,

    /// <summary>Linear warm-up, then cosine annealing to 0 (ImageNet).</summary>
    WarmupCosine,

    /// <summary>The base learning rate throughout.</summary>
    Constant,
}

/// <summary>Learning-rate schedule settings (docs/design.md §2.4).</summary>
public sealed class LearningRateScheduleOptions
{
    /// <summary>The rule of <see cref="Gamma"/>: <c>Schedule.Gamma</c> in (0, 1].</summary>
    public static OptionRule GammaRule { get; } = new("Schedule.Gamma", ValueRange.Probability);

    /// <summary>Which schedule.</summary>
    public LearningRateScheduleKind Kind { get; set; } = LearningRateScheduleKind.WarmupMultiStep;

    /// <summary>Linear warm-up length in steps. Default 4000.</summary>
    public long WarmupSteps { get; set; } = 4000;

    /// <summary>
    /// Multi-step milestones, strictly increasing; null means the reference's [300000, 350000].
    /// (An array rather than a pre-filled list, because configuration binding appends to lists.)
    /// </summary>
    public long[]? Milestones { get; set; }

    /// <summary>Multi-step decay factor. Default 0.1.</summary>
    public double Gamma { get; set; } = 0.1;

    /// <summary>Cosine end step T. Default 400000.</summary>
    public long TotalSteps { get; set; } = 400_000;

    /// <summary>Cosine granularity: the rate changes once per this many steps (an epoch). Default 1.</summary>
    public long StepsPerEpoch { get; set; } = 1;

    /// <summary>The reference's milestones, used when <see cref="Milestones"/> is null.</summary>
    public static IReadOnlyList<long> DefaultMilestones { get; } = [300_000, 350_000];
}
