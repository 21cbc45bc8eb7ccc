using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>Exact tensor comparisons.</summary>
internal static class TensorAssert
{
    /// <summary>Same shape, dtype and every element bit-for-bit equal (as floats compare).</summary>
    public static bool Identical(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
