using MetaSemi.Data;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>
/// Infinite labelled and unlabelled streams over in-memory feature vectors: each stream is an
/// endless concatenation of seeded permutations, so batch n is a pure function of (seed, n) and
/// <see cref="Seek"/> is exact. Optional Gaussian input noise plays the role of augmentation.
/// </summary>
internal sealed class InMemoryPairedSource : IPairedBatchSource
{
    private readonly Tensor _labeled;
    private readonly Tensor _labels;
    private readonly Tensor _unlabeled;
    private readonly Tensor? _hiddenLabels;
    private readonly int _seed;
    private readonly double _noise;

    public InMemoryPairedSource(Tensor labeled, Tensor labels, Tensor unlabeled, Tensor? hiddenLabels, int numClasses, int batchSize, int seed, double noise = 0)
    {
        _labeled = labeled;
        _labels = labels;
        _unlabeled = unlabeled;
        _hiddenLabels = hiddenLabels;
        NumClasses = numClasses;
        BatchSize = batchSize;
        _seed = seed;
        _noise = noise;
    }

    public int NumClasses { get; }

    public int BatchSize { get; }

    public long Position { get; private set; }

    public PairedBatch Next()
    {
        using var scope = NewDisposeScope();
        var labeledIndex = Indices(Position, _labeled.shape[0], 1);
        var unlabeledIndex = Indices(Position, _unlabeled.shape[0], 2);
        using var noise = new Generator((ulong)(_seed * 7919L + Position * 3 + 17));
        var labeled = new Batch(Augment(_labeled.index_select(0, labeledIndex), noise).MoveToOuterDisposeScope(),
            _labels.index_select(0, labeledIndex).MoveToOuterDisposeScope());
        var unlabeled = new Batch(Augment(_unlabeled.index_select(0, unlabeledIndex), noise).MoveToOuterDisposeScope(),
            _hiddenLabels?.index_select(0, unlabeledIndex).MoveToOuterDisposeScope());
        Position++;
        return new PairedBatch(labeled, unlabeled);
    }

    public void Seek(long position) => Position = position;

    public void Dispose()
    {
    }

    private Tensor Augment(Tensor x, Generator generator) =>
        _noise == 0 ? x : x + _noise * randn(x.shape, dtype: x.dtype, generator: generator);

    /// <summary>Indices of batch <paramref name="position"/> in an endless run of seeded permutations of n items.</summary>
    private Tensor Indices(long position, long n, int stream)
    {
        var result = new long[BatchSize];
        long start = position * BatchSize;
        long pass = -1;
        long[] permutation = [];
        for (int i = 0; i < BatchSize; i++)
        {
            long k = start + i;
            if (k / n != pass)
            {
                pass = k / n;
                using var generator = new Generator((ulong)(_seed * 1_000_003L + pass * 10 + stream));
                using var p = randperm(n, generator: generator);
                permutation = p.data<long>().ToArray();
            }

            result[i] = permutation[k % n];
        }

        return tensor(result);
    }
}

/// <summary>A finite in-memory test set.</summary>
internal sealed class InMemoryTestSource(Tensor features, Tensor labels, int numClasses) : IBatchSource
{
    public int Count => (int)features.shape[0];

    public int NumClasses => numClasses;

    public IEnumerable<Batch> GetBatches(int batchSize)
    {
        for (long start = 0; start < Count; start += batchSize)
        {
            long length = Math.Min(batchSize, Count - start);
            yield return new Batch(features.narrow(0, start, length).clone(), labels.narrow(0, start, length).clone());
        }
    }
}
