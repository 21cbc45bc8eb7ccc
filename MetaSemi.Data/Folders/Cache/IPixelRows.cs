using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// Decoded images (uint8 C×S×S each) that can be read a batch at a time — held in memory, or in the on-disk cache
/// of docs/design.md §8 — so the streams never need the whole set as one tensor.
/// </summary>
internal interface IPixelRows
{
    /// <summary>Number of images.</summary>
    long Count { get; }

    /// <summary>Images <paramref name="rows"/>, in that order: uint8 B×C×S×S, owned by the caller.</summary>
    torch.Tensor Gather(long[] rows);

    /// <summary>Images [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>): uint8 count×C×S×S, owned by the caller.</summary>
    torch.Tensor Range(long start, long count);
}
