using TorchSharp;

namespace MetaSemi.Distributed;

/// <summary>
/// Makes every rank start from the same model: rank <c>root</c>'s parameters and buffers (e.g.
/// BatchNorm's running statistics) overwrite everyone else's, one flat broadcast per dtype and device.
/// </summary>
public static class ParameterBroadcaster
{
    /// <summary>Copies <paramref name="root"/>'s parameters and buffers of <paramref name="module"/> to every rank.</summary>
    /// <param name="module">The model; the same architecture on every rank.</param>
    /// <param name="communicator">The group.</param>
    /// <param name="root">The rank whose values win; 0 by default.</param>
    /// <exception cref="InvalidOperationException">The ranks' models hold different numbers of elements.</exception>
    public static void Broadcast(torch.nn.Module module, ICommunicator communicator, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(communicator);
        using var scope = torch.NewDisposeScope();
        var tensors = module.parameters().Cast<torch.Tensor>().Concat(module.buffers()).ToList();
        Broadcast(tensors, communicator, root);
    }

    /// <summary>Copies <paramref name="root"/>'s values of <paramref name="tensors"/> to every rank.</summary>
    /// <param name="tensors">The same list (shapes, dtypes, order) on every rank.</param>
    /// <param name="communicator">The group.</param>
    /// <param name="root">The rank whose values win.</param>
    /// <exception cref="InvalidOperationException">The ranks' lists hold different numbers of elements.</exception>
    public static void Broadcast(IReadOnlyList<torch.Tensor> tensors, ICommunicator communicator, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(communicator);
        if (communicator.Size == 1)
        {
            return;
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var groups = tensors
            .GroupBy(t => (t.dtype, t.device_type, t.device_index))
            .OrderBy(g => g.Key.dtype)
            .ThenBy(g => g.Key.device_type)
            .ThenBy(g => g.Key.device_index)
            .ToList();

        // A mismatch would silently scramble weights (or hang); compare sizes first, cheaply.
        var counts = communicator.AllGather(tensors.Count);
        var elements = communicator.AllGather(tensors.Sum(t => (double)t.numel()));
        if (counts.Any(c => c != counts[0]) || elements.Any(e => e != elements[0]))
        {
            throw new InvalidOperationException(
                $"The ranks' models differ: tensors per rank [{string.Join(", ", counts)}], elements per rank [{string.Join(", ", elements)}]; every rank must build the same architecture.");
        }

        foreach (var group in groups)
        {
            var members = group.ToList();
            var flat = torch.cat(members.Select(t => t.reshape(-1)).ToList(), 0);
            communicator.Broadcast(flat, root);
            long offset = 0;
            foreach (var t in members)
            {
                long n = t.numel();
                t.copy_(flat.narrow(0, offset, n).view(t.shape));
                offset += n;
            }
        }
    }
}
