using TorchSharp;

namespace MetaSemi;

/// <summary>
/// A trainer's own copy of torch's global CPU generator, which dropout and other layers draw from.
/// Torch has one such generator per process; the trainer swaps its copy in when a fit starts and out
/// when it ends, so another trainer fitting in between (sequentially) does not change its random numbers.
/// </summary>
internal sealed class GlobalRandomState : IDisposable
{
    private torch.Tensor? _saved;

    /// <summary>Puts this trainer's state back into torch's global generator (nothing before the first fit).</summary>
    public void Enter()
    {
        if (_saved is not null)
        {
            torch.set_rng_state(_saved);
        }
    }

    /// <summary>Keeps the global generator's state as it is at the end of this trainer's fit.</summary>
    public void Leave()
    {
        var state = torch.get_rng_state();
        _saved?.Dispose();
        _saved = state;
    }

    /// <inheritdoc />
    public void Dispose() => _saved?.Dispose();
}
