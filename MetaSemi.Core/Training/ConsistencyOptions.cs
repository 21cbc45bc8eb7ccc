namespace MetaSemi;

/// <summary>The built-in consistency losses.</summary>
public enum ConsistencyLossKind
{
    /// <summary>Mean squared L2 distance between softmax and pseudo-labels (the paper's).</summary>
    SquaredL2,

    /// <summary>KL(ŷ ‖ softmax), batch mean.</summary>
    KullbackLeibler,
}

/// <summary>Consistency loss and weight w_t (docs/design.md §2.4).</summary>
public sealed class ConsistencyOptions
{
    /// <summary>The rule of <see cref="Weight"/>: <c>Consistency.Weight</c> in [0, ∞).</summary>
    public static OptionRule WeightRule { get; } = new("Consistency.Weight", ValueRange.NonNegative);

    /// <summary>The rule of <see cref="RampSteps"/>: <c>Consistency.RampSteps</c> in [0, ∞).</summary>
    public static OptionRule RampStepsRule { get; } = new("Consistency.RampSteps", ValueRange.NonNegative);

    /// <summary>The loss between predictions on unlabelled images and pseudo-labels.</summary>
    public ConsistencyLossKind Loss { get; set; } = ConsistencyLossKind.SquaredL2;

    /// <summary>Final weight w. Default 1.</summary>
    public double Weight { get; set; } = 1.0;

    /// <summary>Steps of the linear ramp of w from 0 (the reference uses its warm-up, 4000).</summary>
    public long RampSteps { get; set; } = 4000;
}
