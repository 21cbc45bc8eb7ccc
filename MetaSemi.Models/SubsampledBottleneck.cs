using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// torchvision's bottleneck block, <c>relu(bn3(conv3(relu2(bn2(conv2(relu1(bn1(conv1(x)))))))) + shortcut(x))</c>,
/// with the children (names, order, initial weights) of the TorchSharp block it is built from, except one thing:
/// the shortcut's strided 1×1 convolution is computed as a 1×1 convolution of stride 1 on <c>x[:, :, ::s, ::s]</c>.
/// The two are the same function with the same gradient; the rewrite exists because libtorch 2.10's oneDNN divides
/// by zero (SIGFPE, the process dies) in the backward of some strided 1×1 convolutions on AVX-512 CPUs, among them
/// ResNet-50's <c>layer3.0</c> and <c>layer4.0</c> shortcuts (docs/library.md, "ResNet-50 on a CPU").
/// </summary>
internal sealed class SubsampledBottleneck : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly ReLU relu1;
    private readonly ReLU relu2;
    private readonly Sequential? downsample;

    /// <summary>Takes over the children of a TorchSharp <c>ResNet.Bottleneck</c>.</summary>
    /// <param name="torchvisionBlock">The block; its children move here and it is disposed.</param>
    public SubsampledBottleneck(nn.Module torchvisionBlock)
        : base("Bottleneck")
    {
        var children = torchvisionBlock.named_children().ToDictionary(c => c.name, c => c.module, StringComparer.Ordinal);
        conv1 = (Conv2d)children[nameof(conv1)];
        bn1 = (BatchNorm2d)children[nameof(bn1)];
        conv2 = (Conv2d)children[nameof(conv2)];
        bn2 = (BatchNorm2d)children[nameof(bn2)];
        conv3 = (Conv2d)children[nameof(conv3)];
        bn3 = (BatchNorm2d)children[nameof(bn3)];
        relu1 = (ReLU)children[nameof(relu1)];
        relu2 = (ReLU)children[nameof(relu2)];
        if (children.TryGetValue(nameof(downsample), out var shortcut))
        {
            var parts = shortcut.children().ToArray();
            var strided = (Conv2d)parts[0];
            Subsample = strided.stride[0];
            var pointwise = nn.Conv2d(strided.in_channels, strided.out_channels, 1, bias: false);
            using (no_grad())
            {
                pointwise.weight!.copy_(strided.weight!);
            }

            downsample = nn.Sequential(("0", pointwise), ("1", (nn.Module<Tensor, Tensor>)parts[1]));
        }

        RegisterComponents();
    }

    /// <summary>The shortcut's stride, taken by subsampling its input (1 where the block has no shortcut convolution).</summary>
    public long Subsample { get; } = 1;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var y = relu1.call(bn1.call(conv1.call(input)));
        y = relu2.call(bn2.call(conv2.call(y)));
        y = bn3.call(conv3.call(y));
        var identity = downsample is null ? input : downsample.call(Subsampled(input));
        return HeldScalars.Sum(y, identity).relu_();
    }

    private Tensor Subsampled(Tensor input) =>
        Subsample == 1 ? input : input[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(null, null, Subsample), TensorIndex.Slice(null, null, Subsample)];
}
