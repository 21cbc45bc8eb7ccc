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

    /// <summary>
    /// Two parallel slabs in <paramref name="dimensions"/>-D: the classes differ only along one
    /// direction (means ±<paramref name="separation"/>/2, spread <paramref name="width"/>), while the other
    /// directions carry large label-free spread <paramref name="nuisance"/>. Twenty labels do not say
    /// which direction matters; the gap between the slabs is plain in the unlabelled data.
    /// </summary>
    public static (InMemoryPairedSource Train, InMemoryTestSource Test) Slabs(
        int seed, int labelsPerClass, int unlabeled, int test, int batchSize, int dimensions, double separation, double width, double nuisance)
    {
        var generator = new Generator((ulong)seed);
        var rotation = linalg.qr(randn([dimensions, dimensions], generator: generator)).Q;
        (Tensor X, Tensor Y) Draw(int perClass)
        {
            var y = stack([zeros(perClass, int64), ones(perClass, int64)], 1).flatten();
            var signal = (y.to(float32) - 0.5) * separation + width * randn(2 * perClass, generator: generator);
            var rest = nuisance * randn([2 * perClass, dimensions - 1], generator: generator);
            return (cat([signal.unsqueeze(1), rest], 1).matmul(rotation), y);
        }

        var (labeledX, labeledY) = Draw(labelsPerClass);
        var (unlabeledX, unlabeledY) = Draw(unlabeled / 2);
        var (testX, testY) = Draw(test / 2);
        var train = new InMemoryPairedSource(labeledX, labeledY, unlabeledX, unlabeledY, 2, batchSize, seed);
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
