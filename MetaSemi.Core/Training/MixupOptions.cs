namespace MetaSemi;

/// <summary>Mixup settings (docs/design.md §2.2): on in every reference command, α per data set.</summary>
public sealed class MixupOptions
{
    /// <summary>The rule of <see cref="Alpha"/>: <c>Mixup.Alpha</c> in (0, ∞).</summary>
    public static OptionRule AlphaRule { get; } = new("Mixup.Alpha", ValueRange.Positive);

    /// <summary>Whether the supervised term uses mixup.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>α of Beta(α, α): 1.0 for CIFAR, 0.1 for SVHN.</summary>
    public double Alpha { get; set; } = 1.0;
}
