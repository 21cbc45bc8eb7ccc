namespace MetaSemi.Data;

/// <summary>
/// Names of the views of an unlabelled image (docs/design.md §7): the data set's train augmentation ("weak") and
/// RandAugment + Cutout on top of it ("strong"), once or twice with independent draws.
/// </summary>
public static class ViewNames
{
    /// <summary>The weak view: the data set's train augmentation (crop with padding, flip where allowed). Always present: it is <see cref="Batch.Images"/>.</summary>
    public const string Weak = "weak";

    /// <summary>A second weak view, drawn independently of <see cref="Weak"/> (Π-model, Mean Teacher).</summary>
    public const string Weak2 = "weak2";

    /// <summary>A strong view: the weak augmentation, then RandAugment and Cutout (FixMatch and its successors).</summary>
    public const string Strong = "strong";

    /// <summary>A second strong view, drawn independently of <see cref="Strong"/>.</summary>
    public const string Strong2 = "strong2";

    /// <summary>Every view name a stream may be asked for.</summary>
    public static IReadOnlyList<string> All { get; } = [Weak, Weak2, Strong, Strong2];
}
