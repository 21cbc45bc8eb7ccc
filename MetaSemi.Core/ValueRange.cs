using System.Globalization;

namespace MetaSemi;

/// <summary>
/// An interval an option's value must lie in, declared once and used by every check of it — the options' validation,
/// the command line's flags and configuration binding — with one message format: "<c>Name must be in [0, 1); got 2.</c>".
/// </summary>
/// <param name="Minimum">The lower end.</param>
/// <param name="IncludesMinimum">Whether the lower end itself is allowed.</param>
/// <param name="Maximum">The upper end.</param>
/// <param name="IncludesMaximum">Whether the upper end itself is allowed.</param>
public sealed record ValueRange(double Minimum, bool IncludesMinimum, double Maximum, bool IncludesMaximum)
{
    /// <summary>[0, 1): decays of moving averages and SGD momentum (1 would never move).</summary>
    public static ValueRange Decay { get; } = new(0, true, 1, false);

    /// <summary>(0, 1]: confidence thresholds, fractions and factors that must not be zero.</summary>
    public static ValueRange Probability { get; } = new(0, false, 1, true);

    /// <summary>[0, 1]: fractions of a run, where either end is meaningful.</summary>
    public static ValueRange Fraction { get; } = new(0, true, 1, true);

    /// <summary>(0, ∞): finite numbers above zero (learning rates, mixup's α, the finite difference's ε0).</summary>
    public static ValueRange Positive { get; } = new(0, false, double.PositiveInfinity, false);

    /// <summary>[0, ∞): finite numbers, zero allowed (weight decay, the consistency weight, ramp lengths).</summary>
    public static ValueRange NonNegative { get; } = new(0, true, double.PositiveInfinity, false);

    /// <summary>Whether <paramref name="value"/> lies in the range (NaN never does).</summary>
    public bool Contains(double value) =>
        (IncludesMinimum ? value >= Minimum : value > Minimum) && (IncludesMaximum ? value <= Maximum : value < Maximum);

    /// <summary>Null when <paramref name="value"/> is in the range, else "<paramref name="name"/> must be in [0, 1); got 2."</summary>
    public string? Check(string name, double value) =>
        Contains(value) ? null : string.Create(CultureInfo.InvariantCulture, $"{name} must be in {this}; got {value}.");

    /// <summary>The interval as written in maths: "[0, 1)", "(0, ∞)".</summary>
    public override string ToString() =>
        $"{(IncludesMinimum ? '[' : '(')}{End(Minimum)}, {End(Maximum)}{(IncludesMaximum ? ']' : ')')}";

    private static string End(double value) => double.IsInfinity(value)
        ? (value > 0 ? "∞" : "-∞")
        : value.ToString(CultureInfo.InvariantCulture);
}
