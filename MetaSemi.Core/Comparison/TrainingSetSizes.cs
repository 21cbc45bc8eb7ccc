namespace MetaSemi.Comparison;

/// <summary>
/// The number of training images of the in-memory data sets (their standard training splits, as the readers load
/// them): a run with that many labels uses every training label, the fully supervised ceiling of a comparison.
/// </summary>
public static class TrainingSetSizes
{
    private static readonly Dictionary<string, int> Sizes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cifar10"] = 50_000,
        ["cifar100"] = 50_000,
        ["svhn"] = 73_257,
        ["mnist"] = 60_000,
        ["fashion-mnist"] = 60_000,
    };

    /// <summary>The training-set size of <paramref name="dataset"/>; null for image folders and unknown names.</summary>
    public static int? Of(string? dataset) => dataset is not null && Sizes.TryGetValue(dataset, out var size) ? size : null;

    /// <summary>Whether <paramref name="labels"/> labels on <paramref name="dataset"/> are every training label.</summary>
    public static bool IsEveryLabel(string? dataset, int? labels) => labels is { } n && Of(dataset) is { } size && n >= size;
}
