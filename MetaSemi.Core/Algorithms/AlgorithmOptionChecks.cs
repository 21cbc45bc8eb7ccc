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
        else if (MixupOptions.AlphaRule.Check(mixup.Alpha) is { } alpha)
        {
            yield return alpha;
        }
    }

    public static IEnumerable<string> MetaGradient(MetaGradientOptions metaGradient)
    {
        if (!Enum.IsDefined(metaGradient.Method))
        {
            yield return $"MetaGradient.Method must be one of {string.Join(", ", Enum.GetNames<MetaGradientMethod>())}; got {metaGradient.Method}.";
        }

        if (MetaGradientOptions.EpsilonRule.Check(metaGradient.Epsilon) is { } epsilon)
        {
            yield return epsilon;
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
}
