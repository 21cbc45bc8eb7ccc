using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// Scalars made once and held for the process's life. TorchSharp 0.107 turns the alpha of 1 inside <c>a + b</c> into
/// a temporary scalar on every call, which the garbage collector may free while libtorch still reads it
/// (docs/reliability.md, "TorchSharp's temporary scalars"): a pretrained FlexMatch run died so in the input
/// transform's <c>+</c>. <c>a.add(b, One)</c> is the same operation as <c>a + b</c>, bit for bit.
/// </summary>
internal static class HeldScalars
{
    /// <summary>The alpha of 1 of a sum.</summary>
    internal static readonly Scalar One = 1.ToScalar();

    /// <summary><c>a + b</c> with the held alpha <see cref="One"/>: the same values, no temporary scalar.</summary>
    internal static Tensor Sum(Tensor a, Tensor b) => a.add(b, One);
}
