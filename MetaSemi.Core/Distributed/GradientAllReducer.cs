using TorchSharp;
using TorchSharp.Modules;

namespace MetaSemi.Distributed;

/// <summary>
/// Averages the gradients of a fixed list of parameters across all ranks with one all-reduce per
/// step: every <c>.grad</c> is copied into one flat buffer, reduced, and copied back. Call
/// <see cref="AllReduce"/> after <c>backward()</c> and before the optimizer step.
/// </summary>
/// <remarks>
/// A parameter without a gradient on some ranks counts as a zero gradient there; it keeps no
/// gradient only when no rank has one, so that optimizers still skip parameters nobody used.
/// One flag per parameter rides in the same buffer to tell the two cases apart.
/// </remarks>
public sealed class GradientAllReducer : IDisposable
{
    private readonly ICommunicator _communicator;
    private readonly Parameter[] _parameters;
    private readonly long[] _offsets;
    private readonly long _gradientElements;
    private torch.Tensor? _bucket;
    private bool _disposed;

    /// <summary>Reduces the gradients of every parameter of <paramref name="module"/> that requires a gradient.</summary>
    /// <param name="module">The model; the same architecture on every rank.</param>
    /// <param name="communicator">The group to average over.</param>
    public GradientAllReducer(torch.nn.Module module, ICommunicator communicator)
        : this(RequireModule(module).parameters(), communicator)
    {
    }

    /// <summary>Reduces the gradients of <paramref name="parameters"/> (those that require a gradient), in the given order.</summary>
    /// <param name="parameters">The same list, in the same order, on every rank; one dtype and one device.</param>
    /// <param name="communicator">The group to average over.</param>
    /// <exception cref="ArgumentException">The parameters mix dtypes or devices, or none requires a gradient.</exception>
    public GradientAllReducer(IEnumerable<Parameter> parameters, ICommunicator communicator)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(communicator);
        _communicator = communicator;
        _parameters = [.. parameters.Where(p => p.requires_grad)];
        if (_parameters.Length == 0)
        {
            throw new ArgumentException("No parameter requires a gradient: there is nothing to reduce.", nameof(parameters));
        }

        var first = _parameters[0];
        _offsets = new long[_parameters.Length];
        long offset = 0;
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.dtype != first.dtype || p.device_type != first.device_type || p.device_index != first.device_index)
            {
                throw new ArgumentException(
                    $"All parameters must share one dtype and device to travel in one bucket: parameter {i} is {p.dtype} on {p.device}, parameter 0 is {first.dtype} on {first.device}.",
                    nameof(parameters));
            }

            _offsets[i] = offset;
            offset += p.numel();
        }

        _gradientElements = offset;
        TensorChecks.Require(first, nameof(parameters), floatingOnly: true);
    }

    /// <summary>The number of gradient elements that travel per step (without the per-parameter flags).</summary>
    public long ElementCount => _gradientElements;

    /// <summary>Replaces every parameter's gradient by its average over all ranks (one all-reduce).</summary>
    public void AllReduce()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_communicator.Size == 1)
        {
            return;
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var bucket = Bucket();
        var flags = bucket.narrow(0, _gradientElements, _parameters.Length);
        flags.zero_();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var slot = bucket.narrow(0, _offsets[i], p.numel());
            if (p.grad is { } grad)
            {
                slot.copy_(grad.reshape(-1));
                flags[i].fill_(1);
            }
            else
            {
                slot.zero_();
            }
        }

        _communicator.AllReduceSum(bucket);
        bucket.narrow(0, 0, _gradientElements).div_(_communicator.Size);

        // The flags are the only values that must leave the device, once per step for all parameters.
        var ranksWithGradient = flags.to(torch.ScalarType.Float64).cpu().data<double>().ToArray();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var slot = bucket.narrow(0, _offsets[i], p.numel()).view(p.shape);
            if (p.grad is { } grad)
            {
                grad.copy_(slot);
            }
            else if (ranksWithGradient[i] > 0)
            {
                // The parameter holds its own reference to the gradient; the scope frees only our wrapper.
                p.grad = slot.clone();
            }
        }
    }

    /// <summary>Releases the flat buffer.</summary>
    public void Dispose()
    {
        _disposed = true;
        _bucket?.Dispose();
        _bucket = null;
    }

    private torch.Tensor Bucket()
    {
        if (_bucket is null)
        {
            var first = _parameters[0];
            _bucket = torch.empty(_gradientElements + _parameters.Length, first.dtype, first.device);
            _bucket.DetachFromDisposeScope();
        }

        return _bucket;
    }

    private static torch.nn.Module RequireModule(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module;
    }
}
