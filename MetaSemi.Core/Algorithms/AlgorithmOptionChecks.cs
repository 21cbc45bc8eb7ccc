namespace MetaSemi.Algorithms;

/// <summary>The checks of the option classes the built-in algorithms share; each message names its field.</summary>
internal static class AlgorithmOptionChecks
{
    public static IEnumerable<string> Mixup(MixupOptions? mixup)
    {
        if (mixup is null)
        {
            yield return "Mixup must not be null.";
        }
        else if (!Positive(mixup.Alpha))
        {
            yield return $"Mixup.Alpha must be a positive finite number; got {mixup.Alpha}.";
        }
    }

    public static IEnumerable<string> MetaGradient(MetaGradientOptions metaGradient)
    {
        if (!Enum.IsDefined(metaGradient.Method))
        {
            yield return $"MetaGradient.Method must be one of {string.Join(", ", Enum.GetNames<MetaGradientMethod>())}; got {metaGradient.Method}.";
        }

        if (!Positive(metaGradient.Epsilon))
        {
            yield return $"MetaGradient.Epsilon must be a positive finite number; got {metaGradient.Epsilon}.";
        }
    }

    public static IEnumerable<string> Consistency(ConsistencyOptions consistency)
    {
        if (!Enum.IsDefined(consistency.Loss))
        {
            yield return $"Consistency.Loss must be one of {string.Join(", ", Enum.GetNames<ConsistencyLossKind>())}; got {consistency.Loss}.";
        }

        foreach (var failure in OptionComponents.WeightSchedule(consistency).Validate())
        {
            yield return failure;
        }
    }

    public static bool Positive(double value) => double.IsFinite(value) && value > 0;
}
