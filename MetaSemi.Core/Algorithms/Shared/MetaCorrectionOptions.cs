namespace MetaSemi.Algorithms;

/// <summary>Validation of the meta-correction settings that Pseudo-Label and FixMatch share.</summary>
internal static class MetaCorrectionOptions
{
    public static void AddErrors(List<string> errors, string section, MetaGradientMethod method, double epsilon)
    {
        if (!Enum.IsDefined(method))
        {
            errors.Add($"{section}.MetaCorrection must be None, FiniteDifference or Exact; got {method}.");
        }

        if (!double.IsFinite(epsilon) || epsilon <= 0)
        {
            errors.Add($"{section}.MetaEpsilon must be a positive finite number; got {epsilon}.");
        }
    }
}
