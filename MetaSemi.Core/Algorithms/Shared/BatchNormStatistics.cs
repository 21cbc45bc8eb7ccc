using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// Keeps a model's buffers (BatchNorm running statistics and counters) as they are across forward passes
/// in train mode: the unlabelled batches of Π-model, Pseudo-Label and Mean Teacher are normalised with
/// their own batch statistics but do not move the running ones, as USB's <c>bn_controller.freeze_bn</c>.
/// </summary>
public sealed class BatchNormStatistics : IDisposable
{
    private readonly (torch.Tensor Buffer, torch.Tensor Saved)[] _saved;

    private BatchNormStatistics(torch.nn.Module model)
    {
        using var noGrad = torch.no_grad();
        _saved = model.buffers().Select(b => (b, b.detach().clone().DetachFromDisposeScope())).ToArray();
    }

    /// <summary>Snapshots every buffer of <paramref name="model"/>; disposing copies them back.</summary>
    public static BatchNormStatistics Preserve(torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new BatchNormStatistics(model);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        using var noGrad = torch.no_grad();
        foreach (var (buffer, saved) in _saved)
        {
            buffer.copy_(saved);
            saved.Dispose();
        }
    }
}
