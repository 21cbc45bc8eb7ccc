using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// LeakyReLU whose negative slope is one <see cref="Scalar"/> held for the module's life. TorchSharp 0.107's own
/// <c>nn.LeakyReLU</c> makes a temporary scalar on every call, which the garbage collector may free while libtorch
/// still reads it when another thread (the data stream's prefetch) starts a collection: the quick start died in
/// <c>leaky_relu_</c> with <c>c10::Scalar::toFloat</c> this way (docs/reliability.md, "TorchSharp's temporary scalars").
/// The same arithmetic as <c>nn.LeakyReLU</c>, bit for bit; no parameters or buffers, so state dicts are unchanged.
/// </summary>
public sealed class HeldSlopeLeakyReLU : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    /// <summary>Creates the activation with <paramref name="negativeSlope"/>, in place when <paramref name="inplace"/>.</summary>
    public HeldSlopeLeakyReLU(double negativeSlope, bool inplace = false)
        : base("LeakyReLU")
    {
        NegativeSlope = negativeSlope;
        Inplace = inplace;
        _slope = negativeSlope.ToScalar();
    }

    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <summary>Whether the input is overwritten.</summary>
    public bool Inplace { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // As TorchSharp's own: the in-place result is an alias, so a Sequential may dispose its input without freeing it.
        return Inplace ? input.leaky_relu_(_slope).alias() : input.leaky_relu(_slope);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _slope.Dispose();
        }

        base.Dispose(disposing);
    }
}
