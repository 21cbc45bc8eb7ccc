using TorchSharp;
using MetaSemi.Models.Pretrained;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models.Onnx;

/// <summary>
/// The eval-mode forward pass of each zoo network written as ONNX nodes, reading sub-modules by their
/// state-dict names so that the graph follows the same modules, in the same order, as
/// <see cref="FeatureModel.forward"/>. Shake-Shake mixes its branches with the test gate 0.5.
/// </summary>
internal static class ZooOnnxForward
{
    /// <summary>Emits <paramref name="model"/> on <paramref name="x"/> and returns the logits' value name.</summary>
    /// <exception cref="NotSupportedException">The module is neither a zoo network nor a <see cref="Sequential"/> of supported layers.</exception>
    public static string Emit(OnnxGraphBuilder g, nn.Module model, string x, int inputSize) => model switch
    {
        PretrainedResNet pretrained => ResNetForward(g, model, PretrainedInput(g, pretrained, x, inputSize)),
        SmallCnn => Plain(g, model, x, ["block1", "block2", "block3"]),
        Models.ConvLarge => ConvLargeForward(g, model, x),
        Models.WideResNet => WideResNetForward(g, model, x),
        Models.ShakeShake26 => ShakeShakeForward(g, model, x),
        Models.ResNet => ResNetForward(g, model, x),
        Sequential => g.Module(model, x),
        _ => throw new NotSupportedException(
            $"ONNX export does not know the network type {model.GetType().Name}; it exports the zoo networks "
            + $"({string.Join(", ", ModelZoo.Architectures)}) and Sequential stacks of supported layers."),
    };

    // Blocks in order, global pooling, flatten, classifier (SmallCnn).
    private static string Plain(OnnxGraphBuilder g, nn.Module model, string x, string[] blocks)
    {
        var c = Children(model);
        x = blocks.Aggregate(x, (value, name) => g.Module(c[name], value));
        return Head(g, c, x, "avg_pool", "classifier");
    }

    private static string ConvLargeForward(OnnxGraphBuilder g, nn.Module model, string x)
    {
        var c = Children(model);
        for (var i = 1; i <= 9; i++)
        {
            x = g.Module(c[$"block{i}"], x);
            if (i is 3 or 6)
            {
                x = g.Module(c["maxpool"], x);
            }
        }

        return Head(g, c, x, "avg_pool", "classifier");
    }

    private static string WideResNetForward(OnnxGraphBuilder g, nn.Module model, string x)
    {
        var c = Children(model);
        x = g.Module(c["conv1"], x);
        foreach (var stage in new[] { "block1", "block2", "block3" })
        {
            foreach (var block in Children(c[stage])["layer"].children())
            {
                x = WideResNetBlockForward(g, (WideResNetBlock)block, x);
            }
        }

        x = g.Module(c["relu"], g.Module(c["bn1"], x));
        return Head(g, c, x, "avgpool", "fc");
    }

    private static string WideResNetBlockForward(OnnxGraphBuilder g, WideResNetBlock block, string x)
    {
        var c = Children(block);
        var shortcut = c.GetValueOrDefault("convShortcut");
        string branchInput, residualInput;
        if (shortcut is not null && block.ActivateBeforeResidual)
        {
            branchInput = residualInput = g.Module(c["relu1"], g.Module(c["bn1"], x));
        }
        else
        {
            branchInput = shortcut is null ? g.Module(c["relu1"], g.Module(c["bn1"], x)) : x;
            residualInput = x;
        }

        var output = g.Module(c["relu2"], g.Module(c["bn2"], g.Module(c["conv1"], branchInput)));
        output = g.Module(c["conv2"], output);
        var residual = shortcut is null ? residualInput : g.Module(shortcut, residualInput);
        return g.Add(residual, output, Prefix(c["conv2"], g, block));
    }

    private static string ShakeShakeForward(OnnxGraphBuilder g, nn.Module model, string x)
    {
        var c = Children(model);
        x = g.Module(c["conv1"], x);
        foreach (var stage in new[] { "layer1", "layer2", "layer3" })
        {
            foreach (var block in c[stage].children())
            {
                x = ShakeShakeBlock(g, block, x);
            }
        }

        return Head(g, c, x, "avgpool", "fc");
    }

    private static string ShakeShakeBlock(OnnxGraphBuilder g, nn.Module block, string x)
    {
        var c = Children(block);
        var name = Prefix(c["conv_a1"], g, block);
        var activated = g.Relu(x, $"{name}.relu");
        string Branch(string side)
        {
            var y = g.Module(c[$"bn_{side}1"], g.Module(c[$"conv_{side}1"], activated));
            y = g.Relu(y, $"{name}.relu_{side}");
            return g.Module(c[$"bn_{side}2"], g.Module(c[$"conv_{side}2"], y));
        }

        // Eval mode: (a·0.5) + (b·0.5), as ShakeGate computes it.
        var a = g.Scale(Branch("a"), 0.5f, $"{name}.gate_a");
        var b = g.Scale(Branch("b"), 0.5f, $"{name}.gate_b");
        var mixed = g.Add(a, b, $"{name}.mix");
        var shortcut = c.GetValueOrDefault("downsample") switch
        {
            null => x,
            ShiftConvDownsample shift => ShiftConv(g, shift, x),
            var other => g.Module(other, x),
        };
        return g.Add(shortcut, mixed, $"{name}.add");
    }

    // Concatenate x[:, :, 0::2, 0::2] and x[:, :, 1::2, 1::2], ReLU, grouped 1×1 conv, BN.
    private static string ShiftConv(OnnxGraphBuilder g, ShiftConvDownsample shift, string x)
    {
        var c = Children(shift);
        var name = Prefix(c["conv"], g, shift);
        var even = g.Slice(x, [0, 0], [2, 3], [2, 2], $"{name}.even");
        var odd = g.Slice(x, [1, 1], [2, 3], [2, 2], $"{name}.odd");
        var y = g.Module(c["relu"], g.Concat([even, odd], 1, $"{name}.cat"));
        return g.Module(c["bn"], g.Module(c["conv"], y));
    }

    private static string ResNetForward(OnnxGraphBuilder g, nn.Module model, string x)
    {
        var c = Children(model);
        x = g.Module(c["maxpool"], g.Module(c["relu"], g.Module(c["bn1"], g.Module(c["conv1"], x))));
        foreach (var layer in new[] { "layer1", "layer2", "layer3", "layer4" })
        {
            foreach (var block in c[layer].children())
            {
                x = ResNetBlock(g, block, x);
            }
        }

        return Head(g, c, x, "avgpool", "fc");
    }

    // PretrainedResNet.PrepareInput: resize to the network's side, grey to three channels or RGB to BGR, x·scale + shift.
    private static string PretrainedInput(OnnxGraphBuilder g, PretrainedResNet model, string x, int inputSize)
    {
        if (inputSize != model.ImageSize)
        {
            x = g.ResizeBilinear(x, model.ImageSize / (float)inputSize, "input_resize");
        }

        x = model.InputChannels == 1 ? g.Concat([x, x, x], 1, "input_rgb") : g.Gather(x, [2, 1, 0], 1, "input_bgr");
        var buffers = model.named_buffers().ToDictionary(b => b.name, b => b.buffer, StringComparer.Ordinal);
        return g.AddConstant(g.Multiply(x, buffers["input_scale"], "input_scale"), buffers["input_shift"], "input_shift");
    }

    // TorchVision's BasicBlock (conv1..2) and Bottleneck (conv1..3): relu(bn(conv(…)) + identity); SubsampledBottleneck
    // subsamples the shortcut's input first.
    private static string ResNetBlock(OnnxGraphBuilder g, nn.Module block, string x)
    {
        var c = Children(block);
        var last = c.ContainsKey("conv3") ? 3 : 2;
        var y = x;
        for (var i = 1; i <= last; i++)
        {
            y = g.Module(c[$"bn{i}"], g.Module(c[$"conv{i}"], y));
            if (i < last)
            {
                y = g.Module(c[$"relu{i}"], y);
            }
        }

        var name = Prefix(c["conv1"], g, block);
        var shortcutInput = block is SubsampledBottleneck { Subsample: > 1 and var s }
            ? g.Slice(x, [0, 0], [2, 3], [s, s], $"{name}.downsample.subsample")
            : x;
        var identity = c.TryGetValue("downsample", out var downsample) ? g.Module(downsample, shortcutInput) : x;
        return g.Relu(g.Add(y, identity, $"{name}.add"), $"{name}.relu");
    }

    private static string Head(OnnxGraphBuilder g, ModuleChildren c, string x, string pool, string classifier) =>
        g.Module(c[classifier], g.Flatten(g.Module(c[pool], x), $"{pool}.flatten"));

    private static ModuleChildren Children(nn.Module module) => new(module);

    // A block's own name, read from its first conv's state-dict prefix (block1.layer.0.conv1 → block1.layer.0).
    private static string Prefix(nn.Module firstChild, OnnxGraphBuilder g, nn.Module block) =>
        g.PrefixOf(firstChild) is var child && child.LastIndexOf('.') is var dot and > 0 ? child[..dot] : block.GetName();
}
