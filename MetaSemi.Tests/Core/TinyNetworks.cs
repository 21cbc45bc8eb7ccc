using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>Small deterministic networks for the Core tests.</summary>
internal static class TinyNetworks
{
    /// <summary>Conv → BatchNorm → tanh → pool → linear, smooth so finite differences converge.</summary>
    public static Sequential ConvWithBatchNorm(ScalarType dtype, int classes = 4, long seed = 5)
    {
        torch.manual_seed(seed);
        var net = nn.Sequential(
            ("conv", nn.Conv2d(2, 6, 3, padding: 1)),
            ("bn", nn.BatchNorm2d(6)),
            ("act", nn.Tanh()),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(6, classes)));
        net.to(dtype);

        // Non-trivial running statistics, so evaluation mode really differs from training mode.
        using (no_grad())
        {
            var generator = new Generator((ulong)seed + 1);
            ((BatchNorm2d)net[1]).running_mean!.copy_(randn(6, dtype: dtype, generator: generator) * 0.1);
            ((BatchNorm2d)net[1]).running_var!.copy_(rand(6, dtype: dtype, generator: generator) + 0.5);
        }

        return net;
    }

    /// <summary>Linear → tanh → linear, a handful of parameters.</summary>
    public static Sequential Mlp(int inputs, int hidden, int classes, ScalarType dtype, long seed = 3)
    {
        torch.manual_seed(seed);
        var net = nn.Sequential(
            ("fc1", nn.Linear(inputs, hidden)),
            ("act", nn.Tanh()),
            ("fc2", nn.Linear(hidden, classes)));
        net.to(dtype);
        return net;
    }
}
