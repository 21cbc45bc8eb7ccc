namespace MetaSemi;

/// <summary>
/// A convolution of a model whose channel count is not a multiple of <see cref="NarrowConvolutions.ChannelBlock"/>,
/// as <see cref="NarrowConvolutions.Find"/> reports it (docs/reliability.md, "Narrow convolutions").
/// </summary>
/// <param name="Name">The layer's name in the model (<c>named_modules</c>), e.g. <c>features.0</c>.</param>
/// <param name="Channels">
/// The channels that decide the kernel libtorch picks: the output channels of a convolution, the input channels of
/// a transposed one (its forward is a convolution's backward pass).
/// </param>
public sealed record NarrowConvolution(string Name, long Channels)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Channels} channels)";
}
