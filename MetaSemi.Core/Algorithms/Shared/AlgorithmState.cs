using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>Saving and restoring an algorithm's state tensors (<see cref="ISemiSupervisedAlgorithm.GetState"/>).</summary>
public static class AlgorithmState
{
    /// <summary>A detached CPU copy, owned by the caller.</summary>
    public static torch.Tensor Copy(torch.Tensor tensor)
    {
        using var noGrad = torch.no_grad();
        return tensor.detach().cpu().clone();
    }

    /// <summary>Copies <paramref name="state"/>[<paramref name="key"/>] into <paramref name="target"/> (same shape; dtype and device converted).</summary>
    /// <exception cref="InvalidDataException">The tensor is missing or has another shape.</exception>
    public static void Load(IReadOnlyDictionary<string, torch.Tensor> state, string key, torch.Tensor target, string algorithm)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.TryGetValue(key, out var saved))
        {
            throw new InvalidDataException(
                $"The {algorithm} state has no '{key}' tensor; it has: {(state.Count == 0 ? "none" : string.Join(", ", state.Keys))}.");
        }

        if (!saved.shape.SequenceEqual(target.shape))
        {
            throw new InvalidDataException(
                $"The {algorithm} state's '{key}' has shape [{string.Join(", ", saved.shape)}]; expected [{string.Join(", ", target.shape)}] (the number of classes or of unlabelled examples differs from the checkpoint's).");
        }

        using var noGrad = torch.no_grad();
        target.copy_(saved);
    }

    /// <summary>Throws unless the algorithm was initialised (its state tensors exist).</summary>
    /// <exception cref="InvalidOperationException">Initialize was not called.</exception>
    public static T Require<T>(T? value, string algorithm)
        where T : class =>
        value ?? throw new InvalidOperationException($"{algorithm}: call Initialize before Step, GetState or LoadState.");
}
