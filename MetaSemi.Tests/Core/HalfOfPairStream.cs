using MetaSemi.Data;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>
/// One half (labelled or unlabelled) of an <see cref="InMemoryPairedSource"/> as a single stream: batch n is
/// exactly that half of pair n, so two of these give the paired source's batches through another route.
/// </summary>
internal sealed class HalfOfPairStream(InMemoryPairedSource pairs, bool labeled) : IBatchStream
{
    public int NumClasses => pairs.NumClasses;

    public int BatchSize => pairs.BatchSize;

    public long Position { get; private set; }

    public Batch Next()
    {
        using var scope = NewDisposeScope();
        pairs.Seek(Position);
        using var pair = pairs.Next();
        var half = labeled ? pair.Labeled : pair.Unlabeled;
        Position++;
        return new Batch(half.Images.clone().MoveToOuterDisposeScope(), half.Labels?.clone().MoveToOuterDisposeScope());
    }

    public void Seek(long position) => Position = position;
}
