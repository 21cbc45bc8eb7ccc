using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>Small tensor helpers the built-in algorithms share: one-hot targets, batch accuracy, the logits' shape check.</summary>
internal static class StepTensors
{
    /// <summary>One-hot rows of <paramref name="labels"/> in <paramref name="dtype"/>.</summary>
    public static torch.Tensor OneHot(torch.Tensor labels, int numClasses, torch.ScalarType dtype) =>
        torch.nn.functional.one_hot(labels, numClasses).to(dtype);

    /// <summary>Top-1 accuracy of <paramref name="logits"/> against <paramref name="labels"/>, a 0-d tensor in the logits' dtype.</summary>
    public static torch.Tensor Accuracy(torch.Tensor logits, torch.Tensor labels) =>
        logits.argmax(1).eq(labels).to(logits.dtype).mean();

    /// <summary>Checks that the model returned B×C logits for the C classes of the training data.</summary>
    /// <exception cref="InvalidOperationException">The logits have another shape.</exception>
    public static void CheckClasses(torch.Tensor logits, int numClasses)
    {
        if (logits.dim() != 2 || logits.shape[1] != numClasses)
        {
            throw new InvalidOperationException(
                $"The model returned logits of shape [{string.Join(", ", logits.shape)}]; expected [batch, {numClasses}] for the {numClasses} classes of the training data.");
        }
    }
}
