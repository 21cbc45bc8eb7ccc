using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>The labelled half of every algorithm's loss: <c>CE(f(x_l), y_l)</c> (batch mean) and the batch accuracy.</summary>
/// <param name="Loss">Cross-entropy with its graph.</param>
/// <param name="Accuracy">Batch accuracy, detached.</param>
public sealed record SupervisedPart(torch.Tensor Loss, torch.Tensor Accuracy)
{
    /// <summary>Checks the logits' shape against the classes and computes the loss and accuracy.</summary>
    /// <exception cref="InvalidOperationException">The model's logits are not B×C for the run's C classes.</exception>
    public static SupervisedPart Compute(torch.Tensor logits, torch.Tensor labels, int numClasses)
    {
        if (logits.dim() != 2 || logits.shape[1] != numClasses)
        {
            throw new InvalidOperationException(
                $"The model returned logits of shape [{string.Join(", ", logits.shape)}]; expected [batch, {numClasses}] for the {numClasses} classes of the training data.");
        }

        return new SupervisedPart(
            torch.nn.functional.cross_entropy(logits, labels),
            SemiSupervisedLosses.Accuracy(logits.detach(), labels));
    }
}
