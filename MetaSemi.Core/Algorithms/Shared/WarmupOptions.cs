namespace MetaSemi.Algorithms;

/// <summary>Validation of the λ_u ramp that Π-model, Pseudo-Label and Mean Teacher share.</summary>
internal static class WarmupOptions
{
    public static void AddErrors(List<string> errors, string section, double fraction)
    {
        if (ValueRange.Fraction.Check($"{section}.WarmupFraction", fraction) is { } error)
        {
            errors.Add(error);
        }
    }
}
