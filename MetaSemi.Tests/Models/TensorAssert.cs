using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary>Exact and approximate tensor comparisons with readable failures.</summary>
internal static class TensorAssert
{
    public static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    public static void Equal(Tensor expected, Tensor actual, string? what = null) =>
        Assert.True(Same(expected, actual), $"{what ?? "tensors"} differ: max |Δ| = {MaxAbsDiff(expected, actual)}");

    public static double MaxAbsDiff(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) ? (a.to_type(float64) - b.to_type(float64)).abs().max().item<double>() : double.PositiveInfinity;
}
