using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>Small labelled/unlabelled/test problems generated in the test.</summary>
internal static class SyntheticProblems
{
    /// <summary>
    /// Two interleaved moons (noise σ) split class-balanced into <paramref name="labelsPerClass"/>
    /// labelled points per class, <paramref name="unlabeled"/> unlabelled points and a test set.
    /// </summary>
    public static (InMemoryPairedSource Train, InMemoryTestSource Test) TwoMoons(
        int seed, int labelsPerClass, int unlabeled, int test, int batchSize, double sigma = 0.1, double augmentNoise = 0)
    {
        var generator = new Generator((ulong)seed);
        var (labeledX, labeledY) = Moons(labelsPerClass, sigma, generator);
        var (unlabeledX, unlabeledY) = Moons(unlabeled / 2, sigma, generator);
        var (testX, testY) = Moons(test / 2, sigma, generator);
        var train = new InMemoryPairedSource(labeledX, labeledY, unlabeledX, unlabeledY, 2, batchSize, seed, augmentNoise);
        return (train, new InMemoryTestSource(testX, testY, 2));
    }

    private static (Tensor X, Tensor Y) Moons(int perClass, double sigma, Generator generator)
    {
        var t = rand(perClass, generator: generator) * Math.PI;
        var upper = stack([cos(t), sin(t)], 1);
        var s = rand(perClass, generator: generator) * Math.PI;
        var lower = stack([1 - cos(s), 0.5 - sin(s)], 1);
        var x = cat([upper, lower], 0) + sigma * randn([2 * perClass, 2], generator: generator);
        var y = cat([zeros(perClass, int64), ones(perClass, int64)], 0);

        // Interleave the classes so a prefix of the arrays is balanced.
        var order = stack([arange(perClass), arange(perClass) + perClass], 1).flatten();
        return (x.index_select(0, order), y.index_select(0, order));
    }
}
