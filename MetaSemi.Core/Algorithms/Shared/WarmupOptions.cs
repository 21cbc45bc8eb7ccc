namespace MetaSemi.Algorithms;

/// <summary>Validation of the λ_u ramp that Π-model, Pseudo-Label and Mean Teacher share.</summary>
internal static class WarmupOptions
{
    public static void AddErrors(List<string> errors, string section, double fraction)
    {
        if (!(fraction >= 0 && fraction <= 1))
        {
            errors.Add($"{section}.WarmupFraction must be in [0, 1]; got {fraction}.");
        }
    }
}
