using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models.Pretrained;

/// <summary>
/// ResNet's basic block, <c>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))</c>, with torchvision's child names
/// (<c>conv1</c>, <c>bn1</c>, <c>relu1</c>, <c>conv2</c>, <c>bn2</c>, <c>relu2</c>, <c>downsample</c>) so that
/// state-dict keys and the ONNX exporter read it as they read torchvision's block.
/// </summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly ReLU relu2;
    private readonly Sequential? downsample;

    public BasicBlock(int inputChannels, int channels, int stride)
        : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inputChannels, channels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(channels);
        relu1 = nn.ReLU();
        conv2 = nn.Conv2d(channels, channels, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(channels);
        relu2 = nn.ReLU();
        if (stride != 1 || inputChannels != channels)
        {
            downsample = nn.Sequential(nn.Conv2d(inputChannels, channels, 1, stride: stride, bias: false), nn.BatchNorm2d(channels));
        }

        RegisterComponents();
    }

    /// <summary>The block's convolutions with the BatchNorm after each: conv1/bn1, conv2/bn2, then the shortcut's when it has one.</summary>
    public IEnumerable<(Conv2d Conv, BatchNorm2d Norm)> ConvolutionsWithNorms()
    {
        yield return (conv1, bn1);
        yield return (conv2, bn2);
        if (downsample is not null)
        {
            var children = downsample.children().ToArray();
            yield return ((Conv2d)children[0], (BatchNorm2d)children[1]);
        }
    }

    /// <summary>Whether the shortcut is a 1×1 convolution (the first block of a stage that changes size or width).</summary>
    public bool HasDownsample => downsample is not null;

    public override Tensor forward(Tensor input)
    {
        var y = bn2.call(conv2.call(relu1.call(bn1.call(conv1.call(input)))));
        var identity = downsample is null ? input : downsample.call(input);
        return relu2.call(HeldScalars.Sum(y, identity));
    }
}
