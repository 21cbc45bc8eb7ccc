using TorchSharp;

namespace MetaSemi;

/// <summary>What <see cref="Checkpoint.RestoreState"/> read besides what it put into the model, optimizer and generators.</summary>
public sealed class CheckpointState : IDisposable
{
    internal CheckpointState(CheckpointInfo info, IReadOnlyDictionary<string, torch.Tensor>? ema, IReadOnlyDictionary<string, torch.Tensor> algorithm)
    {
        Info = info;
        Ema = ema;
        Algorithm = algorithm;
    }

    /// <summary>The scalar state.</summary>
    public CheckpointInfo Info { get; }

    /// <summary>The EMA teacher's tensors, or null when the run kept none (and in format 1 files).</summary>
    public IReadOnlyDictionary<string, torch.Tensor>? Ema { get; }

    /// <summary>The algorithm's own state (empty when it has none, and in format 1 files).</summary>
    public IReadOnlyDictionary<string, torch.Tensor> Algorithm { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in (Ema?.Values ?? []).Concat(Algorithm.Values))
        {
            tensor.Dispose();
        }
    }
}
