using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The step skeleton the field's methods share (docs/algorithms.md, "Your own algorithm"): the supervised part, the
/// algorithm's unlabelled part, and one combination, <c>loss = CE(labelled) + λ_u · unlabelled (+ auxiliary terms)</c>,
/// with the standard metrics. Two shapes: <see cref="WeakStrong"/> (FixMatch, FlexMatch, FreeMatch, SoftMatch: one
/// concatenated forward, the weak view's detached softmax labels the strong view) and <see cref="Separate"/> (Π-model,
/// Pseudo-Label, Mean Teacher: the labelled forward moves BatchNorm's statistics, the unlabelled forwards do not).
/// Public, so that an algorithm written outside the library steps as the built-in ones do.
/// </summary>
public static class SemiSupervisedStep
{
    /// <summary>
    /// One forward over the labelled images, the weak view and the strong view concatenated; the supervised part from
    /// the first; then <paramref name="unlabeled"/> with <c>q = softmax(weak logits)</c> (detached) and the strong
    /// view's logits (with their graph).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model's logits are not B×C for <paramref name="numClasses"/> classes.</exception>
    public static AlgorithmStepResult WeakStrong(
        AlgorithmStepContext context, int numClasses, Func<torch.Tensor, torch.Tensor, UnlabeledPart> unlabeled)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(unlabeled);
        var labeled = context.Batch.Labeled;
        var batch = context.Batch.Unlabeled;
        var logits = ConcatenatedForward.Run(context.Model, labeled.Images, batch.Images, batch.View(ViewNames.Strong));
        var supervised = SupervisedPart.Compute(logits[0], labeled.Labels!, numClasses);
        var q = torch.nn.functional.softmax(logits[1].detach(), 1);
        return Combine(supervised, unlabeled(q, logits[2]), batch);
    }

    /// <summary>
    /// The supervised part from a forward of the labelled images alone (BatchNorm's running statistics move), then
    /// <paramref name="unlabeled"/>, whose forwards go through <see cref="ForwardUnlabeled"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model's logits are not B×C for <paramref name="numClasses"/> classes.</exception>
    public static AlgorithmStepResult Separate(AlgorithmStepContext context, int numClasses, Func<UnlabeledPart> unlabeled)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(unlabeled);
        var labeled = context.Batch.Labeled;
        var supervised = SupervisedPart.Compute(context.Model.forward(labeled.Images), labeled.Labels!, numClasses);
        return Combine(supervised, unlabeled(), context.Batch.Unlabeled);
    }

    /// <summary>
    /// The model's logits for each of <paramref name="images"/> (with their graphs), in train mode, BatchNorm's running
    /// statistics left as they are (<see cref="BatchNormStatistics"/>): evaluation uses the labelled ones.
    /// </summary>
    public static torch.Tensor[] ForwardUnlabeled(torch.nn.Module<torch.Tensor, torch.Tensor> model, params torch.Tensor[] images)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        using var statistics = BatchNormStatistics.Preserve(model);
        var logits = new torch.Tensor[images.Length];
        for (int i = 0; i < images.Length; i++)
        {
            logits[i] = model.forward(images[i]);
        }

        return logits;
    }

    /// <summary>
    /// <c>supervised + λ_u · unlabelled</c>, then each auxiliary term in order, with the standard metrics
    /// (<see cref="AlgorithmResults.Create"/>), the accuracy of the unlabelled predictions against
    /// <paramref name="batch"/>'s hidden labels, the auxiliary terms' values and the part's own metrics.
    /// </summary>
    public static AlgorithmStepResult Combine(SupervisedPart supervised, UnlabeledPart unlabeled, Batch batch)
    {
        ArgumentNullException.ThrowIfNull(supervised);
        ArgumentNullException.ThrowIfNull(unlabeled);
        ArgumentNullException.ThrowIfNull(batch);
        var loss = supervised.Loss + unlabeled.Weight * unlabeled.Loss;
        foreach (var term in unlabeled.AuxiliaryLosses)
        {
            loss += term.Weight * term.Loss;
        }

        (string, torch.Tensor)[] extra = [.. unlabeled.AuxiliaryLosses.Select(t => (t.MetricName, t.Loss)), .. unlabeled.Metrics];
        return AlgorithmResults.Create(loss, supervised, unlabeled.Loss, unlabeled.Weight, unlabeled.MaskRatio,
            AlgorithmResults.HiddenLabelAccuracy(unlabeled.Predictions, batch), extra);
    }
}
