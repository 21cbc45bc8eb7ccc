using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// ResNet-18 and ResNet-50 for ImageNet in torchvision's layout and names (<c>conv1</c>,
/// <c>bn1</c>, <c>layer1</c>..<c>layer4</c>, <c>fc</c>), built by the TorchVision package and
/// re-registered here so that <c>state_dict()</c> keys equal torchvision's and pretrained
/// PyTorch weights load unchanged. Initialisation is torchvision's.
/// </summary>
public sealed class ResNet : FeatureModel
{
    // Keeps the TorchVision module (whose children are ours) alive with this one.
    private readonly nn.Module _torchvision;
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> relu;
    private readonly nn.Module<Tensor, Tensor> maxpool;
    private readonly nn.Module<Tensor, Tensor>[] _layers;
    private readonly nn.Module<Tensor, Tensor> avgpool;
    private readonly nn.Module<Tensor, Tensor> fc;

    private ResNet(string name, TorchSharp.Modules.ResNet torchvisionModel, int numClasses, int featureDimension, int inputChannels)
        : base(name, numClasses, featureDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        _torchvision = torchvisionModel;
        var children = torchvisionModel.named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
        conv1 = inputChannels == 3
            ? children["conv1"]
            : ReplaceStem(children["conv1"], inputChannels);
        bn1 = children["bn1"];
        relu = children["relu"];
        maxpool = children["maxpool"];
        _layers = [.. new[] { "layer1", "layer2", "layer3", "layer4" }.Select(layer => WithSubsampledShortcuts(children[layer]))];
        avgpool = children["avgpool"];
        fc = children["fc"];

        register_module(nameof(conv1), conv1);
        register_module(nameof(bn1), bn1);
        register_module(nameof(relu), relu);
        register_module(nameof(maxpool), maxpool);
        for (var i = 0; i < _layers.Length; i++)
        {
            register_module($"layer{i + 1}", _layers[i]);
        }

        register_module(nameof(avgpool), avgpool);
        register_module(nameof(fc), fc);
    }

    /// <summary>ResNet-18 (basic blocks 2-2-2-2, 512 features).</summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    public static ResNet ResNet18(int numClasses = 1000, int inputChannels = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        return new ResNet(nameof(ResNet18), torchvision.models.resnet18(numClasses), numClasses, 512, inputChannels);
    }

    /// <summary>ResNet-50 (bottleneck blocks 3-4-6-3, 2048 features).</summary>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="inputChannels">Channels of the input images.</param>
    public static ResNet ResNet50(int numClasses = 1000, int inputChannels = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        return new ResNet(nameof(ResNet50), torchvision.models.resnet50(numClasses), numClasses, 2048, inputChannels);
    }

    /// <inheritdoc />
    protected override Tensor ComputeFeatures(Tensor input)
    {
        var x = maxpool.call(relu.call(bn1.call(conv1.call(input))));
        foreach (var layer in _layers)
        {
            x = layer.call(x);
        }

        return avgpool.call(x).flatten(1);
    }

    /// <inheritdoc />
    protected override Tensor ComputeLogits(Tensor features) => fc.call(features);

    // Bottleneck stages get SubsampledBottleneck blocks (same children, same weights): libtorch's CPU backward of
    // ResNet-50's strided 1×1 shortcut convolutions can die of a division by zero (docs/library.md, "ResNet-50 on a CPU").
    private static nn.Module<Tensor, Tensor> WithSubsampledShortcuts(nn.Module<Tensor, Tensor> stage)
    {
        var blocks = stage.named_children().ToArray();
        if (!blocks.Any(b => b.module.GetType().Name == "Bottleneck"))
        {
            return stage;
        }

        return nn.Sequential(blocks.Select(b => (b.name, b.module.GetType().Name == "Bottleneck"
            ? new SubsampledBottleneck(b.module)
            : (nn.Module<Tensor, Tensor>)b.module)).ToArray());
    }

    private static Conv2d ReplaceStem(nn.Module<Tensor, Tensor> original, int inputChannels)
    {
        // Same 7×7/2 stem and He (fan-out) init as torchvision, for grey or multi-band inputs.
        var stem = nn.Conv2d(inputChannels, 64, 7, stride: 2, padding: 3, bias: false);
        nn.init.kaiming_normal_(stem.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        original.Dispose();
        return stem;
    }
}
