namespace MetaSemi.Models;

/// <summary>The input size each zoo architecture was designed for (docs/design.md §8: 224 only for the ImageNet networks).</summary>
public static class ArchitectureInputSize
{
    /// <summary>The natural square input side of <paramref name="arch"/>: 224 for resnet18/resnet50, 128 for the pretrained resnet18-imagenet (photos on a CPU budget), 32 for the others.</summary>
    /// <exception cref="ArgumentException">The name is not a zoo architecture.</exception>
    public static int Natural(string arch)
    {
        ArgumentNullException.ThrowIfNull(arch);
        string name = arch.Trim().ToLowerInvariant();
        if (!ModelZoo.Architectures.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown architecture '{arch}'; known architectures: {string.Join(", ", ModelZoo.Architectures)}.", nameof(arch));
        }

        return name switch
        {
            "resnet18" or "resnet50" => 224,
            ModelZoo.ImageNetResNet18 => 128,
            _ => 32,
        };
    }
}
