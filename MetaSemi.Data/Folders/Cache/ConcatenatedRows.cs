using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// Two sets of images as one index space, <paramref name="first"/>'s then <paramref name="second"/>'s (the labelled
/// images in memory, then the cached unlabelled ones). A batch from one side is read from that side alone.
/// </summary>
internal sealed class ConcatenatedRows(IPixelRows first, IPixelRows second) : IPixelRows
{
    public long Count => first.Count + second.Count;

    public torch.Tensor Gather(long[] rows)
    {
        long split = first.Count;
        if (rows.All(r => r < split))
        {
            return first.Gather(rows);
        }

        if (rows.All(r => r >= split))
        {
            return second.Gather([.. rows.Select(r => r - split)]);
        }

        // Mixed: read each side, then put the rows back in the asked order.
        var firstRows = rows.Where(r => r < split).ToArray();
        var secondRows = rows.Where(r => r >= split).Select(r => r - split).ToArray();
        var order = new long[rows.Length];
        int a = 0, b = firstRows.Length;
        for (int i = 0; i < rows.Length; i++)
        {
            order[i] = rows[i] < split ? a++ : b++;
        }

        using var scope = torch.NewDisposeScope();
        var both = torch.cat([first.Gather(firstRows), second.Gather(secondRows)], 0);
        return both.index_select(0, torch.tensor(order)).MoveToOuterDisposeScope();
    }

    public torch.Tensor Range(long start, long count)
    {
        long split = first.Count;
        if (start + count <= split)
        {
            return first.Range(start, count);
        }

        if (start >= split)
        {
            return second.Range(start - split, count);
        }

        using var scope = torch.NewDisposeScope();
        return torch.cat([first.Range(start, split - start), second.Range(0, start + count - split)], 0).MoveToOuterDisposeScope();
    }
}
