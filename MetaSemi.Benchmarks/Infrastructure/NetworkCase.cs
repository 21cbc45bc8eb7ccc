using System.Collections.Concurrent;
using MetaSemi.Models;
using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>
/// A network at a batch size, named as the benchmarks' <c>Network</c> parameter
/// (for example <c>SmallCnn-1x28x28-b64</c>), with its forward FLOPs counted from the model.
/// </summary>
public sealed record NetworkCase(string Name, int Channels, int Size, int Batch, int NumClasses, Func<FeatureModel> Create)
{
    /// <summary>The CPU-sized quick-start network on Fashion-MNIST-shaped input, batch 64.</summary>
    public const string SmallCnn = "SmallCnn-1x28x28-b64";

    /// <summary>The paper's ConvLarge on CIFAR-shaped input, batch 16 (what fits the time on two cores).</summary>
    public const string ConvLarge = "ConvLarge-3x32x32-b16";

    /// <summary>The paper's ConvLarge on CIFAR-shaped input, batch 32 (issue 16's peer comparison).</summary>
    public const string ConvLargeB32 = "ConvLarge-3x32x32-b32";

    /// <summary>The environment variable that narrows a suite's networks (names separated by commas).</summary>
    public const string NetworksVariable = "METASEMI_BENCH_NETWORKS";

    /// <summary>The model zoo at batch 32 and each model's own input size (issue 5's per-model table).</summary>
    public static readonly string[] ZooAtBatch32 =
    [
        "SmallCnn-1x28x28-b32", ConvLargeB32, "WideResNet28-2-3x32x32-b32",
        "ShakeShake26-3x32x32-b32", "ResNet18-3x224x224-b32", "ResNet50-3x224x224-b32",
    ];

    private static readonly ConcurrentDictionary<string, long> ForwardFlopCache = new();

    private static readonly NetworkCase[] All =
    [
        new(SmallCnn, 1, 28, 64, 10, () => ModelZoo.SmallCnn(10, 1)),
        new(ConvLarge, 3, 32, 16, 10, () => ModelZoo.ConvLarge(10, 3)),
        new(ZooAtBatch32[0], 1, 28, 32, 10, () => ModelZoo.SmallCnn(10, 1)),
        new(ConvLargeB32, 3, 32, 32, 10, () => ModelZoo.ConvLarge(10, 3)),
        new(ZooAtBatch32[2], 3, 32, 32, 10, () => ModelZoo.WideResNet28_2(10, 3)),
        new(ZooAtBatch32[3], 3, 32, 32, 10, () => ModelZoo.ShakeShake26(10, 3)),
        new(ZooAtBatch32[4], 3, 224, 32, 1000, () => ModelZoo.ResNet18(1000, 3)),
        new(ZooAtBatch32[5], 3, 224, 32, 1000, () => ModelZoo.ResNet50(1000, 3)),
    ];

    /// <summary>
    /// <paramref name="defaults"/>, or the names in <see cref="NetworksVariable"/> when it is set (each checked by <see cref="Get"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The variable names an unknown case.</exception>
    public static IEnumerable<string> FromEnvironment(string[] defaults)
    {
        string? names = Environment.GetEnvironmentVariable(NetworksVariable);
        if (string.IsNullOrWhiteSpace(names))
        {
            return defaults;
        }

        return names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => Get(n).Name).ToArray();
    }

    /// <summary>Shape of one batch of input images.</summary>
    public long[] InputShape => [Batch, Channels, Size, Size];

    /// <summary>The case named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is not one of the known cases.</exception>
    public static NetworkCase Get(string name) =>
        All.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"Unknown network case '{name}'; expected one of: {string.Join(", ", All.Select(c => c.Name))}.", nameof(name));

    /// <summary>
    /// FLOPs of one forward pass over one batch: <see cref="FlopCounter"/> (2 × the multiply-adds of
    /// every Conv2d and Linear, on the shapes a real forward produces), counted once per case.
    /// </summary>
    public long ForwardFlops => ForwardFlopCache.GetOrAdd(Name, _ =>
    {
        using var model = Create();
        return FlopCounter.Count(model, InputShape);
    });

    /// <summary>The network built from seed 0 and moved to <paramref name="device"/>: every suite starts from the same weights.</summary>
    public FeatureModel CreateOn(torch.Device device)
    {
        torch.manual_seed(0);
        var model = Create();
        model.to(device);
        return model;
    }

    /// <summary>Random normalised-looking images (standard normal) for one batch, on <paramref name="device"/>.</summary>
    public torch.Tensor RandomImages(torch.Device device) => torch.randn(InputShape, device: device);

    /// <summary>Random labels for one batch, on <paramref name="device"/>.</summary>
    public torch.Tensor RandomLabels(torch.Device device) => torch.randint(0, NumClasses, [Batch], dtype: torch.int64, device: device);
}
