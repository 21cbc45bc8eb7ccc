using TorchSharp;

namespace MetaSemi.Distributed;

/// <summary>The argument checks every communicator applies, so that both implementations reject the same inputs.</summary>
internal static class TensorChecks
{
    public static void Require(torch.Tensor tensor, string parameterName, bool floatingOnly)
    {
        ArgumentNullException.ThrowIfNull(tensor, parameterName);
        var dtype = tensor.dtype;
        bool floating = dtype is torch.ScalarType.Float32 or torch.ScalarType.Float64;
        bool integer = dtype is torch.ScalarType.Int32 or torch.ScalarType.Int64;
        if (floatingOnly && !floating)
        {
            throw new ArgumentException($"Expected a Float32 or Float64 tensor, got {dtype}.", parameterName);
        }

        if (!floating && !integer)
        {
            throw new ArgumentException($"Expected a Float32, Float64, Int32 or Int64 tensor, got {dtype}.", parameterName);
        }
    }
}
