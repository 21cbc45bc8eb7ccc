using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The exponential moving average of the model's parameters (θ_EMA ← d·θ_EMA + (1 − d)·θ after every
/// optimizer step; buffers copied), kept by the trainer when an algorithm asks for it. It is the model
/// itself with the EMA weights swapped in for the call, so it needs no copy of the network.
/// </summary>
public interface IEmaTeacher
{
    /// <summary>The decay d.</summary>
    double Decay { get; }

    /// <summary>
    /// Logits of the EMA model on <paramref name="images"/>, without gradients, in the model's current
    /// mode; BatchNorm running statistics and the trained weights are left exactly as they were.
    /// </summary>
    torch.Tensor Forward(torch.Tensor images);
}
