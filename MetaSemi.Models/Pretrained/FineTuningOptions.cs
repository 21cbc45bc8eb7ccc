namespace MetaSemi.Models.Pretrained;

/// <summary>
/// How a pretrained backbone is fine-tuned (docs/pretrained.md): which of its stages stay frozen, the learning-rate
/// multiplier of the stages that train, and whether its BatchNorm layers keep their ImageNet running statistics.
/// The classification head always trains at the full learning rate.
/// </summary>
public sealed record FineTuningOptions
{
    /// <summary>Everything trains, the backbone at the full learning rate, BatchNorm statistics follow the data.</summary>
    public static FineTuningOptions Default { get; } = new();

    /// <summary>The stages whose parameters do not train (default <see cref="BackboneStage.None"/>).</summary>
    public BackboneStage FreezeThrough { get; init; } = BackboneStage.None;

    /// <summary>The factor on the learning rate for the backbone's trained parameters (1: the head's rate; 0.1 is common).</summary>
    public double BackboneLearningRateMultiplier { get; init; } = 1.0;

    /// <summary>Whether the backbone's BatchNorm layers keep their running statistics (evaluation mode even while training).</summary>
    public bool FreezeBatchNormStatistics { get; init; }

    /// <summary>Checks the values, naming the bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The multiplier is negative or not finite, or the stage is not defined.</exception>
    public void Validate()
    {
        if (!double.IsFinite(BackboneLearningRateMultiplier) || BackboneLearningRateMultiplier < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BackboneLearningRateMultiplier), BackboneLearningRateMultiplier, "The backbone's learning-rate multiplier must be a finite number ≥ 0.");
        }

        if (!Enum.IsDefined(FreezeThrough))
        {
            throw new ArgumentOutOfRangeException(nameof(FreezeThrough), FreezeThrough, "Not a backbone stage.");
        }
    }
}
