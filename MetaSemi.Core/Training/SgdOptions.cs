namespace MetaSemi;

/// <summary>SGD on all parameters (docs/design.md §2.2: not Nesterov for MetaSemi; the field's methods of §7 use Nesterov).</summary>
public sealed class SgdOptions
{
    /// <summary>The rule of <see cref="LearningRate"/>: <c>Optimizer.LearningRate</c> in (0, ∞).</summary>
    public static OptionRule LearningRateRule { get; } = new("Optimizer.LearningRate", ValueRange.Positive);

    /// <summary>The rule of <see cref="Momentum"/>: <c>Optimizer.Momentum</c> in [0, 1).</summary>
    public static OptionRule MomentumRule { get; } = new("Optimizer.Momentum", ValueRange.Decay);

    /// <summary>The rule of <see cref="WeightDecay"/>: <c>Optimizer.WeightDecay</c> in [0, ∞).</summary>
    public static OptionRule WeightDecayRule { get; } = new("Optimizer.WeightDecay", ValueRange.NonNegative);

    /// <summary>Base learning rate. Default 0.1.</summary>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>Momentum, in [0, 1). Default 0.9.</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>Weight decay (L2), 0 or more. Default 1e-4.</summary>
    public double WeightDecay { get; set; } = 1e-4;

    /// <summary>Nesterov momentum (needs a positive momentum). Default false, the reference's.</summary>
    public bool Nesterov { get; set; }
}
