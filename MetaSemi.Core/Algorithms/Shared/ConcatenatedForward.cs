using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// One forward pass over several batches concatenated (USB's <c>use_cat</c>): BatchNorm sees the labelled and
/// unlabelled examples together, and the network runs once. Returns each batch's logits, in order.
/// </summary>
public static class ConcatenatedForward
{
    /// <summary>Logits of each of <paramref name="batches"/> from one forward of their concatenation.</summary>
    public static torch.Tensor[] Run(torch.nn.Module<torch.Tensor, torch.Tensor> model, params torch.Tensor[] batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        var logits = model.forward(torch.cat(batches, 0));
        return logits.split(batches.Select(b => b.shape[0]).ToArray(), 0);
    }
}
