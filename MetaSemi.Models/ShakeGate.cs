using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// The shake-shake mix of two branches (Gastaldi 2017, as the reference uses it): in training,
/// <c>α·a + (1−α)·b</c> with α ~ U(0, 1) drawn per sample, and in the backward pass the gradient
/// is split by an independent β ~ U(0, 1) per sample (<c>β·g</c> to a, <c>(1−β)·g</c> to b).
/// In evaluation the branches are averaged (α = 0.5) and, by default, the gradient is the true
/// one (0.5 to each branch), so a meta-gradient taken in eval mode differentiates the function
/// that was evaluated. The reference keeps the random backward gate in eval mode too; pass
/// <c>randomBackwardInEval: true</c> to reproduce that exactly.
/// </summary>
public static class ShakeGate
{
    /// <summary><c>a + b</c> without a temporary scalar (<see cref="HeldScalars.Sum"/>).</summary>
    internal static Tensor Sum(Tensor a, Tensor b) => HeldScalars.Sum(a, b);

    /// <summary>Mixes the two branch outputs (same shape, batch first).</summary>
    /// <param name="a">First branch, N×….</param>
    /// <param name="b">Second branch, same shape as <paramref name="a"/>.</param>
    /// <param name="training">Random gates when true; the average when false.</param>
    /// <param name="randomBackwardInEval">In eval mode, split the gradient by a random β as in training (the reference's behaviour) instead of 0.5.</param>
    public static Tensor Apply(Tensor a, Tensor b, bool training, bool randomBackwardInEval = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.shape.SequenceEqual(b.shape))
        {
            throw new ArgumentException($"Shake-shake branches must have the same shape, got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}].", nameof(b));
        }

        return training || randomBackwardInEval ? ShakeFunction.apply(a, b, training) : Average(a, b);
    }

    /// <summary>
    /// 0.5·a + 0.5·b. The scalar is held until the operations return: TorchSharp 0.107 lets the garbage collector free a
    /// temporary scalar while libtorch still reads it (docs/reliability.md, "TorchSharp's temporary scalars").
    /// </summary>
    private static Tensor Average(Tensor a, Tensor b)
    {
        using var half = 0.5.ToScalar();
        return Sum(a * half, b * half);
    }

    /// <summary>1 − gate, without a temporary scalar (see <see cref="Average"/>).</summary>
    private static Tensor Complement(Tensor gate) => ones_like(gate).sub_(gate);

    /// <summary>Per-sample gate of shape N×1×…×1 broadcasting over <paramref name="like"/>.</summary>
    internal static Tensor RandomGate(Tensor like)
    {
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = like.shape[0];
        return rand(shape, dtype: like.dtype, device: like.device);
    }

    /// <summary>Autograd function: random (training) or 0.5 (eval) forward gate, independent random backward gate.</summary>
    internal sealed class ShakeFunction : autograd.SingleTensorFunction<ShakeFunction>
    {
        public override string Name => "ShakeShake";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var a = (Tensor)vars[0];
            var b = (Tensor)vars[1];
            if (!(bool)vars[2])
            {
                return Average(a, b);
            }

            using var gate = RandomGate(a);
            using var complement = Complement(gate);
            return Sum(a * gate, b * complement);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            using var gate = RandomGate(grad_output);
            using var complement = Complement(gate);
            // No gradient for the third argument (the training flag).
            return [grad_output * gate, grad_output * complement, null!];
        }
    }
}
