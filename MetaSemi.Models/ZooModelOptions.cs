using MetaSemi.Models.Pretrained;

namespace MetaSemi.Models;

/// <summary>
/// What <see cref="ModelZoo.Create(string, int, int, ZooModelOptions?)"/> needs beyond classes and channels for the
/// networks that read it (today the ImageNet-pretrained <c>resnet18-imagenet</c>; the others ignore it).
/// </summary>
public sealed record ZooModelOptions
{
    /// <summary>The side the pretrained network resizes its input to (a multiple of 32); null: 64 for grey, 224 for RGB.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Per-channel mean the data pipeline subtracts; null with <see cref="InputStd"/> null: inputs are pixels in [0, 1].</summary>
    public IReadOnlyList<double>? InputMean { get; init; }

    /// <summary>Per-channel std the data pipeline divides by.</summary>
    public IReadOnlyList<double>? InputStd { get; init; }

    /// <summary>How the pretrained backbone is fine-tuned (default: everything trains at the full rate).</summary>
    public FineTuningOptions? FineTuning { get; init; }

    /// <summary>Whether the ImageNet weights are read (false: the architecture only, for loading a trained file's weights).</summary>
    public bool LoadPretrainedWeights { get; init; } = true;

    /// <summary>The folder holding <c>DnnImageModels/</c>; null looks next to the app, then in the NuGet cache.</summary>
    public string? WeightsDirectory { get; init; }

    /// <summary>The image side <paramref name="inputChannels"/>-channel input resizes to.</summary>
    public int ImageSizeFor(int inputChannels) => ImageSize ?? (inputChannels == 1 ? 64 : 224);
}
