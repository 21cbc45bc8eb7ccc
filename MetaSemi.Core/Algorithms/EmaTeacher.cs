using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The trainer's <see cref="IEmaTeacher"/>: shadow copies of the model's parameters and buffers, updated after
/// every optimizer step (<c>ema ← d·ema + (1 − d)·θ</c> for parameters, buffers copied) and swapped into the
/// model for a call. The swap copies values in and back, so the trained weights and buffers come back bit
/// for bit; anything the call changes in the buffers (train-mode BatchNorm statistics) is discarded.
/// </summary>
public sealed class EmaTeacher : IEmaTeacher, IDisposable
{
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> _model;
    private readonly (string Name, torch.Tensor Live, torch.Tensor Shadow)[] _parameters;
    private readonly (string Name, torch.Tensor Live, torch.Tensor Shadow)[] _buffers;

    /// <summary>Starts the average at the model's current parameters and buffers.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is not in [0, 1) (<see cref="ValueRange.Decay"/>, as the options).</exception>
    public EmaTeacher(torch.nn.Module<torch.Tensor, torch.Tensor> model, double decay)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (ValueRange.Decay.Check("The EMA decay", decay) is { } error)
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, error);
        }

        _model = model;
        Decay = decay;
        using var noGrad = torch.no_grad();
        _parameters = [.. model.named_parameters().Select(p => (p.name, (torch.Tensor)p.parameter, p.parameter.detach().clone().DetachFromDisposeScope()))];
        _buffers = [.. model.named_buffers().Select(b => (b.name, b.buffer, b.buffer.detach().clone().DetachFromDisposeScope()))];
    }

    /// <inheritdoc />
    public double Decay { get; }

    /// <summary>One update after an optimizer step: <c>ema ← d·ema + (1 − d)·θ</c>; buffers copied.</summary>
    public void Update()
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, live, shadow) in _parameters)
        {
            shadow.mul_(Decay).add_(live.detach(), alpha: 1 - Decay);
        }

        foreach (var (_, live, shadow) in _buffers)
        {
            shadow.copy_(live);
        }
    }

    /// <inheritdoc />
    public torch.Tensor Forward(torch.Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var swap = SwapIn();
        using var noGrad = torch.no_grad();
        return _model.forward(images);
    }

    /// <summary>Puts the EMA weights and buffers into the model until the result is disposed (evaluation of the EMA model).</summary>
    public IDisposable SwapIn() => new Swap(this);

    /// <summary>Copies of the shadow tensors by name (<c>param.</c>/<c>buffer.</c> + the module's name), owned by the caller.</summary>
    public IReadOnlyDictionary<string, torch.Tensor> GetState()
    {
        var state = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        foreach (var (name, _, shadow) in _parameters)
        {
            state["param." + name] = shadow.clone();
        }

        foreach (var (name, _, shadow) in _buffers)
        {
            state["buffer." + name] = shadow.clone();
        }

        return state;
    }

    /// <summary>Restores shadow tensors saved by <see cref="GetState"/>.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has another shape or type.</exception>
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var noGrad = torch.no_grad();
        foreach (var (prefix, entries) in new[] { ("param.", _parameters), ("buffer.", _buffers) })
        {
            foreach (var (name, _, shadow) in entries)
            {
                if (!state.TryGetValue(prefix + name, out var saved))
                {
                    throw new InvalidDataException($"The EMA state has no '{prefix + name}'.");
                }

                if (!saved.shape.SequenceEqual(shadow.shape) || saved.dtype != shadow.dtype)
                {
                    throw new InvalidDataException(
                        $"The EMA state's '{prefix + name}' is {saved.dtype} [{string.Join(", ", saved.shape)}]; the model's is {shadow.dtype} [{string.Join(", ", shadow.shape)}].");
                }

                shadow.copy_(saved);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, _, shadow) in _parameters.Concat(_buffers))
        {
            shadow.Dispose();
        }
    }

    private sealed class Swap : IDisposable
    {
        private readonly EmaTeacher _teacher;
        private readonly torch.Tensor[] _saved;

        public Swap(EmaTeacher teacher)
        {
            _teacher = teacher;
            using var noGrad = torch.no_grad();
            var all = teacher._parameters.Concat(teacher._buffers).ToArray();
            _saved = [.. all.Select(e => e.Live.detach().clone().DetachFromDisposeScope())];
            foreach (var (_, live, shadow) in all)
            {
                live.detach().copy_(shadow);
            }
        }

        public void Dispose()
        {
            using var noGrad = torch.no_grad();
            var all = _teacher._parameters.Concat(_teacher._buffers).ToArray();
            for (int i = 0; i < all.Length; i++)
            {
                all[i].Live.detach().copy_(_saved[i]);
                _saved[i].Dispose();
            }
        }
    }
}
