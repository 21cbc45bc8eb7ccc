using TorchSharp;

namespace MetaSemi.Data;

/// <summary>Images held in one uint8 N×C×S×S tensor (still owned by the caller).</summary>
internal sealed class TensorRows(torch.Tensor images) : IPixelRows
{
    public long Count => images.shape[0];

    public torch.Tensor Gather(long[] rows)
    {
        using var index = torch.tensor(rows);
        return images.index_select(0, index);
    }

    public torch.Tensor Range(long start, long count) => images.narrow(0, start, count).alias();
}
