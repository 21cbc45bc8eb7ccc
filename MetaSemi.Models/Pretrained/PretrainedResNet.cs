using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models.Pretrained;

/// <summary>
/// The ImageNet ResNet-18 of ML.NET's <c>DnnImageFeaturizer.ResNet18</c> package (a CNTK model: basic blocks
/// 2-2-2-3, 512 pooled features) in torchvision's layout and names, with a new classification head <c>fc</c> for the
/// user's classes and the network's own preprocessing inside it (docs/pretrained.md). The input is what the data
/// pipeline gives every zoo network — images normalised with the data set's mean and std, grey or RGB, of any size —
/// and the model turns it into what the ImageNet weights were trained on: resized (bilinear) to
/// <see cref="ImageSize"/>, grey replicated to three channels, RGB to BGR, back to 0–255, minus the per-pixel ImageNet
/// mean image. That transform is two buffers (<c>input_scale</c>, <c>input_shift</c>), so model files, checkpoints
/// and the ONNX export carry it. Weights come from <see cref="ImageNetResNet18Weights"/>; the constructor alone
/// initialises like torchvision (for loading a trained file).
/// </summary>
public sealed class PretrainedResNet : FeatureModel, IParameterGroupSource
{
    /// <summary>Blocks per stage of the CNTK ResNet-18 (torchvision's ResNet-18 has 2-2-2-2).</summary>
    public static IReadOnlyList<int> BlocksPerStage { get; } = [2, 2, 2, 3];

    private static readonly int[] StageWidths = [64, 128, 256, 512];

    private readonly Tensor input_scale;
    private readonly Tensor input_shift;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;
    private readonly FineTuningOptions _fineTuning;

    /// <summary>Builds the network with torchvision's initialisation and an identity input transform (no ImageNet weights yet).</summary>
    /// <param name="numClasses">Classes of the new head.</param>
    /// <param name="inputChannels">1 (grey, replicated to RGB) or 3 (RGB).</param>
    /// <param name="imageSize">The side the input is resized to: a multiple of 32, at least 32.</param>
    /// <param name="fineTuning">Frozen stages, the backbone's learning-rate multiplier and BatchNorm statistics (default: everything trains).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or count is out of range.</exception>
    public PretrainedResNet(int numClasses, int inputChannels, int imageSize, FineTuningOptions? fineTuning = null)
        : base(nameof(PretrainedResNet), numClasses, StageWidths[^1])
    {
        if (inputChannels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(inputChannels), inputChannels, "The ImageNet network takes grey (1) or RGB (3) images.");
        }

        if (imageSize < 32 || imageSize % 32 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "The ImageNet network's input side must be a multiple of 32 (64 for 28-px images, 128 or 224 for photos).");
        }

        _fineTuning = fineTuning ?? FineTuningOptions.Default;
        _fineTuning.Validate();
        InputChannels = inputChannels;
        ImageSize = imageSize;
        input_scale = ones(1, 3, 1, 1);
        input_shift = zeros(1, 3, imageSize, imageSize);
        conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        relu = nn.ReLU();
        maxpool = nn.MaxPool2d(3, 2, 1);
        var stages = new Sequential[4];
        int channels = 64;
        for (int s = 0; s < stages.Length; s++)
        {
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            for (int b = 0; b < BlocksPerStage[s]; b++)
            {
                blocks.Add(new BasicBlock(channels, StageWidths[s], b == 0 && s > 0 ? 2 : 1));
                channels = StageWidths[s];
            }

            stages[s] = nn.Sequential(blocks);
        }

        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);
        avgpool = nn.AdaptiveAvgPool2d(1);
        fc = nn.Linear(FeatureDimension, numClasses);
        RegisterComponents();
        InitialiseLikeTorchvision();
        foreach (var parameter in FrozenModules().SelectMany(m => m.parameters()))
        {
            parameter.requires_grad_(false);
        }

        train();
    }

    /// <summary>Channels of the input images: 1 (grey) or 3 (RGB).</summary>
    public int InputChannels { get; }

    /// <summary>The side the input is resized to before the stem.</summary>
    public int ImageSize { get; }

    /// <summary>How the backbone is fine-tuned.</summary>
    public FineTuningOptions FineTuning => _fineTuning;

    /// <summary>The stem's convolution and BatchNorm, then every block's, in the order of the ONNX file's nodes.</summary>
    internal IEnumerable<(Conv2d Conv, BatchNorm2d Norm)> ConvolutionsWithNorms()
    {
        yield return (conv1, bn1);
        foreach (var block in Stages.SelectMany(s => s.children()).Cast<BasicBlock>())
        {
            foreach (var pair in block.ConvolutionsWithNorms())
            {
                yield return pair;
            }
        }
    }

    /// <summary>The residual stages, layer1 to layer4.</summary>
    internal IReadOnlyList<Sequential> Stages => [layer1, layer2, layer3, layer4];

    /// <summary>
    /// Sets the input transform: the data set's normalisation (<paramref name="mean"/>, <paramref name="std"/>, one value
    /// per input channel) undone to 0–255, RGB to BGR, minus <paramref name="meanImageBgr"/> (1×3×H×W, resized here to
    /// <see cref="ImageSize"/> by area averaging when smaller, bilinear when larger).
    /// </summary>
    /// <exception cref="ArgumentException">The statistics do not have one value per input channel, or the mean image is not 1×3×H×W.</exception>
    public void SetInputTransform(Tensor meanImageBgr, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(meanImageBgr);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != InputChannels || std.Count != InputChannels)
        {
            throw new ArgumentException($"The input normalisation needs {InputChannels} mean and std values (one per input channel); got {mean.Count} and {std.Count}.", nameof(mean));
        }

        if (meanImageBgr.dim() != 4 || meanImageBgr.shape[0] != 1 || meanImageBgr.shape[1] != 3)
        {
            throw new ArgumentException($"The mean image must be 1×3×H×W; got {string.Join("×", meanImageBgr.shape)}.", nameof(meanImageBgr));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var image = meanImageBgr.to(float64);
        if (image.shape[2] != ImageSize || image.shape[3] != ImageSize)
        {
            image = image.shape[2] > ImageSize
                ? nn.functional.adaptive_avg_pool2d(image, [ImageSize, ImageSize])
                : nn.functional.interpolate(image, [ImageSize, ImageSize], mode: InterpolationMode.Bilinear, align_corners: false);
        }

        // BGR channel c reads RGB channel 2 − c; a grey input feeds all three.
        int Source(int c) => InputChannels == 1 ? 0 : 2 - c;
        var scale = tensor(Enumerable.Range(0, 3).Select(c => 255.0 * std[Source(c)]).ToArray(), float64).reshape(1, 3, 1, 1);
        var offset = tensor(Enumerable.Range(0, 3).Select(c => 255.0 * mean[Source(c)]).ToArray(), float64).reshape(1, 3, 1, 1);
        input_scale.copy_(scale);
        input_shift.copy_(offset - image);
    }

    /// <inheritdoc />
    public IReadOnlyList<ParameterGroup> ParameterGroups()
    {
        var head = fc.parameters().ToArray();
        var backbone = parameters().Where(p => p.requires_grad).Except(head).ToArray();
        return _fineTuning.BackboneLearningRateMultiplier == 1.0 || backbone.Length == 0
            ? [new ParameterGroup([.. backbone, .. head], 1.0)]
            : [new ParameterGroup(backbone, _fineTuning.BackboneLearningRateMultiplier), new ParameterGroup(head, 1.0)];
    }

    /// <summary>
    /// Sets training mode like every module, except that the BatchNorm layers of frozen stages (and all of the
    /// backbone's with <see cref="FineTuningOptions.FreezeBatchNormStatistics"/>) stay in evaluation mode.
    /// </summary>
    public override void train(bool on = true)
    {
        base.train(on);
        if (!on)
        {
            return;
        }

        var frozen = _fineTuning.FreezeBatchNormStatistics ? [conv1, bn1, layer1, layer2, layer3, layer4] : FrozenModules();
        foreach (var norm in frozen.SelectMany(m => m.modules().Prepend(m)).OfType<BatchNorm2d>())
        {
            norm.eval();
        }
    }

    /// <summary>The input transform alone: resize, grey to three channels, RGB to BGR, 0–255 minus the mean image.</summary>
    public Tensor PrepareInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = input;
        if (x.shape[2] != ImageSize || x.shape[3] != ImageSize)
        {
            x = nn.functional.interpolate(x, [ImageSize, ImageSize], mode: InterpolationMode.Bilinear, align_corners: false);
        }

        x = InputChannels == 1 ? x.expand(-1, 3, -1, -1) : x.flip(1);
        return HeldScalars.Sum(x * input_scale, input_shift);
    }

    /// <inheritdoc />
    protected override Tensor ComputeFeatures(Tensor input)
    {
        var x = maxpool.call(relu.call(bn1.call(conv1.call(PrepareInput(input)))));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return avgpool.call(x).flatten(1);
    }

    /// <inheritdoc />
    protected override Tensor ComputeLogits(Tensor features) => fc.call(features);

    private nn.Module[] FrozenModules()
    {
        nn.Module[] inOrder = [conv1, bn1, layer1, layer2, layer3, layer4];
        int count = _fineTuning.FreezeThrough switch
        {
            BackboneStage.None => 0,
            BackboneStage.Stem => 2,
            var stage => (int)stage + 1,
        };
        return inOrder[..count];
    }

    // torchvision's ResNet initialisation: He (fan-out) normal convolutions, BatchNorm γ 1 β 0, PyTorch's default Linear.
    private void InitialiseLikeTorchvision()
    {
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d norm:
                    nn.init.ones_(norm.weight!);
                    nn.init.zeros_(norm.bias!);
                    break;
            }
        }
    }
}
