namespace MetaSemi;

/// <summary>
/// The arithmetic of the forward passes (docs/precision.md). The weights, their gradients and the optimizer state
/// stay float32 (or the model's dtype) in every case.
/// </summary>
public enum Precision
{
    /// <summary>Everything in the model's own dtype (the default).</summary>
    Float32 = 0,

    /// <summary>
    /// libtorch's CPU autocast to bfloat16 around the algorithm's forward passes: convolutions and matrix products
    /// in bf16, the model's outputs cast back to float32 so that losses and softmax statistics are float32.
    /// </summary>
    BFloat16 = 1,
}
