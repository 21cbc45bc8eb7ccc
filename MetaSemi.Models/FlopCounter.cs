using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// Counts the floating-point operations of one forward pass: 2 × the multiply-adds of every
/// Conv2d and Linear layer, measured on the shapes a real forward produces. BatchNorm,
/// activations, pooling and additions are left out (they are a few percent at most).
/// </summary>
public static class FlopCounter
{
    /// <summary>
    /// FLOPs of one forward pass of <paramref name="model"/> on an input of
    /// <paramref name="inputShape"/> (batch included; divide by the batch for a per-image count).
    /// The model is run once in eval mode without gradients, then put back in its previous mode.
    /// </summary>
    /// <param name="model">The network; sub-modules must be invoked with <c>call</c> so hooks run.</param>
    /// <param name="inputShape">Input shape, e.g. [1, 3, 32, 32].</param>
    public static long Count(nn.Module<Tensor, Tensor> model, params long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length == 0 || inputShape.Any(d => d < 1))
        {
            throw new ArgumentException($"Input shape must be non-empty and positive, got [{string.Join(", ", inputShape)}].", nameof(inputShape));
        }

        long multiplyAdds = 0;
        var removers = new List<Action>();
        // named_modules() leaves out the root, which may itself be a layer.
        foreach (var module in model.named_modules().Select(m => m.module).Prepend(model))
        {
            switch (module)
            {
                case Conv2d conv:
                    removers.Add(conv.register_forward_hook((_, _, output) =>
                    {
                        var (kh, kw) = (conv.kernel_size[0], conv.kernel_size[1]);
                        multiplyAdds += output.numel() * (conv.in_channels / conv.groups) * kh * kw;
                        return output;
                    }).remove);
                    break;
                case Linear linear:
                    removers.Add(linear.register_forward_hook((_, _, output) =>
                    {
                        multiplyAdds += output.numel() * linear.in_features;
                        return output;
                    }).remove);
                    break;
            }
        }

        var wasTraining = model.training;
        try
        {
            model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var parameter = model.parameters().FirstOrDefault();
            var input = zeros(inputShape, dtype: parameter?.dtype ?? float32, device: parameter?.device);
            model.call(input);
        }
        finally
        {
            removers.ForEach(remove => remove());
            model.train(wasTraining);
        }

        return 2 * multiplyAdds;
    }
}
