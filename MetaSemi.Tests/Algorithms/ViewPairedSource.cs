using MetaSemi.Data;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>
/// A deterministic paired source with every named view, μ× unlabelled batches, hidden labels and example indices:
/// pair n is a function of (seed, n) alone, so Seek is exact. Two Gaussian blobs per class make a learnable
/// problem; views are the same points with independent noise.
/// </summary>
internal sealed class ViewPairedSource(int features, int classes, int batchSize, int ratio, long unlabeledCount, ulong seed) : IPairedBatchSource
{
    public int NumClasses => classes;

    public int BatchSize => batchSize;

    public long Position { get; private set; }

    public int UnlabeledBatchSize => ratio * batchSize;

    public IReadOnlyList<string> UnlabeledViews => ViewNames.All;

    public bool ProvidesUnlabeledIndices => true;

    public long UnlabeledCount => unlabeledCount;

    public PairedBatch Next()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(seed + (ulong)Position * 7919UL);
        var centres = randn([classes, features], generator: new Generator(seed)) * 2;
        var labels = randint(0, classes, [batchSize], dtype: int64, generator: generator);
        var labeled = centres.index_select(0, labels) + randn([batchSize, features], generator: generator);
        var indices = randint(0, unlabeledCount, [UnlabeledBatchSize], dtype: int64, generator: generator);
        var hidden = indices.remainder(classes);
        var clean = centres.index_select(0, hidden) + 0.5 * randn([UnlabeledBatchSize, features], generator: generator);
        Tensor View(double noise) => clean + noise * randn([UnlabeledBatchSize, features], generator: generator);
        var weak = View(0.1);
        var views = new Dictionary<string, Tensor>
        {
            [ViewNames.Weak2] = View(0.1).MoveToOuterDisposeScope(),
            [ViewNames.Strong] = View(0.6).MoveToOuterDisposeScope(),
            [ViewNames.Strong2] = View(0.6).MoveToOuterDisposeScope(),
        };
        Position++;
        return new PairedBatch(
            new Batch(labeled.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope()),
            new Batch(weak.MoveToOuterDisposeScope(), hidden.MoveToOuterDisposeScope(), views, indices.MoveToOuterDisposeScope()));
    }

    public void Seek(long position) => Position = position;

    public void Dispose()
    {
    }
}
