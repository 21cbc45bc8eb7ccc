namespace MetaSemi;

/// <summary>
/// One option's rule, declared once beside the option (for example <see cref="MetaGradientOptions.EpsilonRule"/>): its
/// name as the options' validation reports it and the <see cref="ValueRange"/> its value must lie in. The options'
/// <c>Validate()</c>, the command line's flag and configuration binding all check the option through this object, so an
/// invalid value gives the same message on every path: "<c>MetaGradient.Epsilon must be in (0, ∞); got 0.</c>".
/// </summary>
/// <param name="Name">The option's path in its options class, for example <c>MetaGradient.Epsilon</c>.</param>
/// <param name="Range">The values it may take.</param>
public sealed record OptionRule(string Name, ValueRange Range)
{
    /// <summary>Null when <paramref name="value"/> is allowed, else the one message: "Name must be in (0, ∞); got 0."</summary>
    public string? Check(double value) => Range.Check(Name, value);
}
