using System.CommandLine;
using System.CommandLine.Parsing;
using MetaSemi.Models;
using MetaSemi.Models.Pretrained;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary>
/// <c>--pretrained imagenet</c> and the fine-tuning controls of the pretrained network (docs/pretrained.md):
/// frozen stages, the backbone's learning-rate multiplier, frozen BatchNorm statistics.
/// </summary>
internal sealed class PretrainedOptionSet
{
    /// <summary>The value of <c>--pretrained</c> that picks the ImageNet ResNet-18.</summary>
    public const string ImageNet = "imagenet";

    /// <summary>No pretrained weights.</summary>
    public const string None = "none";

    /// <summary>The <c>--freeze</c> values, input to output.</summary>
    public static IReadOnlyDictionary<string, BackboneStage> FreezeValues { get; } = new Dictionary<string, BackboneStage>(StringComparer.Ordinal)
    {
        ["none"] = BackboneStage.None,
        ["stem"] = BackboneStage.Stem,
        ["layer1"] = BackboneStage.Layer1,
        ["layer2"] = BackboneStage.Layer2,
        ["layer3"] = BackboneStage.Layer3,
        ["backbone"] = BackboneStage.Layer4,
    };

    public Option<string> Pretrained { get; } = Choice("--pretrained", None,
        $"Start from pretrained weights: imagenet picks {ModelZoo.ImageNetResNet18} (the ImageNet ResNet-18 of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, no download), the same as -a {ModelZoo.ImageNetResNet18}.",
        [None, ImageNet]);

    public Option<string> Freeze { get; } = Choice("--freeze", "none",
        "Pretrained network: freeze the backbone through this stage (none, stem, layer1, layer2, layer3, backbone: only the new head trains).",
        FreezeValues.Keys);

    public Option<double> BackboneLrMultiplier { get; } = Number("--backbone-lr-multiplier", 1.0,
        "Pretrained network: the backbone's learning rate as a multiple of --lr (the new head trains at --lr; 0.1 is common).", NonNegative);

    public Option<bool> FreezeBnStats { get; } = Flag("--freeze-bn-stats",
        "Pretrained network: keep the backbone's BatchNorm running statistics from ImageNet (its BatchNorm layers stay in evaluation mode).");

    public IEnumerable<Option> All => [Pretrained, Freeze, BackboneLrMultiplier, FreezeBnStats];

    /// <summary>The architecture the flags pick: <c>--pretrained imagenet</c> names the pretrained network, else <c>-a</c>.</summary>
    public static string ResolveArch(string pretrained, string arch) =>
        pretrained == ImageNet ? ModelZoo.ImageNetResNet18 : arch;

    /// <summary>The fine-tuning the flags ask for.</summary>
    public static FineTuningOptions FineTuning(string freeze, double backboneLrMultiplier, bool freezeBnStats) => new()
    {
        FreezeThrough = FreezeValues[freeze],
        BackboneLearningRateMultiplier = backboneLrMultiplier,
        FreezeBatchNormStatistics = freezeBnStats,
    };

    /// <summary>--pretrained with another -a, fine-tuning flags without the pretrained network, an --image-size it cannot take.</summary>
    public void Validate(CommandResult result, Option<string> arch, Option<int?> imageSize)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.TryGet(Pretrained, out var pretrained);
        bool archGiven = result.GetResult(arch) is { Implicit: false };
        result.TryGet(arch, out var archName);
        archName = archName?.Trim() ?? string.Empty;
        if (pretrained == ImageNet && archGiven && !string.Equals(archName, ModelZoo.ImageNetResNet18, StringComparison.OrdinalIgnoreCase))
        {
            result.AddError($"--pretrained imagenet picks -a {ModelZoo.ImageNetResNet18} (the only network with ImageNet weights); leave out -a {archName}, or leave out --pretrained.");
        }

        bool isPretrained = pretrained == ImageNet || string.Equals(archName, ModelZoo.ImageNetResNet18, StringComparison.OrdinalIgnoreCase);
        if (!isPretrained)
        {
            // args.json of any run lists every flag with its value: only a value other than the default is a mistake here.
            bool changed = (result.TryGet(Freeze, out var freeze) && freeze != "none")
                || (result.TryGet(BackboneLrMultiplier, out var multiplier) && multiplier != 1.0)
                || (result.TryGet(FreezeBnStats, out var stats) && stats);
            foreach (var option in new Option[] { Freeze, BackboneLrMultiplier, FreezeBnStats }.Where(o => changed && result.GetResult(o) is { Implicit: false }))
            {
                result.AddError($"{option.Name} fine-tunes the pretrained network: add --pretrained imagenet (or -a {ModelZoo.ImageNetResNet18}).");
            }

            return;
        }

        if (result.TryGet(imageSize, out var size) && size is { } side && (side < 32 || side % 32 != 0))
        {
            result.AddError($"--image-size {side}: the pretrained network takes a multiple of 32 (64 for 28-px images, 128 or 224 for photos).");
        }
    }
}
