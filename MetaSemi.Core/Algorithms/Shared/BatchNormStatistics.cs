using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// Keeps BatchNorm's running statistics as they are across forward passes in train mode: the unlabelled batches of
/// Π-model, Pseudo-Label and Mean Teacher are normalised with their own batch statistics but do not move the
/// running ones, as USB's <c>bn_controller.freeze_bn</c>. It sets each norm layer's momentum to 0 for the scope (the
/// running update becomes <c>1·running + 0·batch</c>, bit-exact for finite statistics) rather than copying the buffers
/// back: autograd saved the running statistics in the graph of the labelled forward, and an in-place copy into them
/// would make the backward pass fail. <c>num_batches_tracked</c>, which no graph holds, is copied back.
/// </summary>
public sealed class BatchNormStatistics : IDisposable
{
    private readonly (TorchSharp.Modules.NormBase Module, double? Momentum, torch.Tensor? Batches)[] _saved;

    private BatchNormStatistics(torch.nn.Module model)
    {
        using var noGrad = torch.no_grad();
        _saved = model.modules().OfType<TorchSharp.Modules.NormBase>()
            .Select(m => (m, m.momentum, m.num_batches_tracked?.clone().DetachFromDisposeScope()))
            .ToArray();
        foreach (var (module, _, _) in _saved)
        {
            module.momentum = 0.0;
        }
    }

    /// <summary>Freezes the running statistics of every norm layer of <paramref name="model"/> until disposed.</summary>
    public static BatchNormStatistics Preserve(torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new BatchNormStatistics(model);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        using var noGrad = torch.no_grad();
        foreach (var (module, momentum, batches) in _saved)
        {
            module.momentum = momentum;
            if (batches is not null)
            {
                module.num_batches_tracked!.copy_(batches);
                batches.Dispose();
            }
        }
    }
}
