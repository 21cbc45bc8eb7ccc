using MetaSemi.Files;
using MetaSemi.Models;
using MetaSemi.Models.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Onnx;

/// <summary>Zoo networks with non-trivial BatchNorm state, their descriptions and exports, for the ONNX tests.</summary>
internal static class OnnxTestModels
{
    /// <summary>
    /// A zoo network in eval mode whose BatchNorm layers have random affine parameters and running
    /// statistics (fresh ones are the identity and would hide a wrongly mapped statistic).
    /// </summary>
    public static FeatureModel Create(string arch, int classes, int channels, long seed)
    {
        manual_seed(seed);
        var model = ModelZoo.Create(arch, classes, channels);
        using (no_grad())
        {
            foreach (var module in model.modules())
            {
                if (module is NormBase bn)
                {
                    bn.weight!.uniform_(0.5, 1.5);
                    bn.bias!.uniform_(-0.2, 0.2);
                    bn.running_mean!.uniform_(-0.2, 0.2);
                    bn.running_var!.uniform_(0.5, 2.0);
                }
            }
        }

        model.eval();
        return model;
    }

    public static ModelDescription Describe(string arch, int classes, int channels, int size, int? resizeShorterSide = null) => new()
    {
        Architecture = arch,
        ClassNames = Enumerable.Range(0, classes).Select(c => $"class-{c}").ToArray(),
        Preprocessing = new ImagePreprocessing
        {
            Channels = channels,
            ImageSize = size,
            ResizeShorterSide = resizeShorterSide,
            Mean = channels == 1 ? [0.2860] : [0.4914, 0.4822, 0.4465],
            Std = channels == 1 ? [0.3530] : [0.2470, 0.2435, 0.2616],
        },
    };

    /// <summary>The torch logits of <paramref name="input"/> as floats (row-major N×classes).</summary>
    public static float[] TorchLogits(FeatureModel model, Tensor input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return model.call(input).data<float>().ToArray();
    }
}
