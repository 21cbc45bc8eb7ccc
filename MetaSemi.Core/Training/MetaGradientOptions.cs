using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>Settings of the meta step (docs/design.md §2.1.3).</summary>
public sealed class MetaGradientOptions
{
    /// <summary>The rule of <see cref="Epsilon"/>: <c>MetaGradient.Epsilon</c> in (0, ∞).</summary>
    public static OptionRule EpsilonRule { get; } = new("MetaGradient.Epsilon", ValueRange.Positive);

    /// <summary>Finite difference (the paper's, default), exact second order, or none.</summary>
    public MetaGradientMethod Method { get; set; } = MetaGradientMethod.FiniteDifference;

    /// <summary>ε0 of the finite difference; ε = ε0 / ‖g‖₂. Default <see cref="FiniteDifferenceMetaGradient.DefaultEpsilon"/> (1e-2).</summary>
    public double Epsilon { get; set; } = FiniteDifferenceMetaGradient.DefaultEpsilon;
}
