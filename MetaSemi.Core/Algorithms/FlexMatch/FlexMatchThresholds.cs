using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// FlexMatch's curriculum pseudo-labelling state (Zhang et al. 2021, §3.2): for every unlabelled example the class
/// it was last predicted as with confidence ≥ τ (−1 if never), and from those counts σ_c the learning effect
/// <c>β_c = σ_c / max(max_c σ_c, N_unused)</c> with warm-up, or <c>σ_c / max_c σ_c</c> without, giving the
/// class threshold <c>τ·β_c / (2 − β_c)</c> (the convex mapping). β starts at 0 (every threshold 0).
/// β is recomputed only while the examples are not all of one value, as USB.
/// </summary>
public sealed class FlexMatchThresholds
{
    private readonly double _threshold;
    private readonly bool _warmup;

    /// <summary>Creates the state for <paramref name="unlabeledCount"/> examples and <paramref name="numClasses"/> classes.</summary>
    public FlexMatchThresholds(long unlabeledCount, int numClasses, double threshold, bool warmup, torch.Device device, torch.ScalarType dtype)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(unlabeledCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        _threshold = threshold;
        _warmup = warmup;
        SelectedLabels = torch.full(unlabeledCount, -1L, dtype: torch.int64, device: device).DetachFromDisposeScope();
        LearningEffect = torch.zeros(numClasses, dtype: dtype, device: device).DetachFromDisposeScope();
    }

    /// <summary>Per example: the class last predicted with confidence ≥ τ, or −1 (USB <c>selected_label</c>).</summary>
    public torch.Tensor SelectedLabels { get; }

    /// <summary>β_c per class (USB <c>classwise_acc</c>).</summary>
    public torch.Tensor LearningEffect { get; }

    /// <summary>The threshold of each example, <c>τ·β_c/(2 − β_c)</c> for its predicted class c.</summary>
    public torch.Tensor Thresholds(torch.Tensor predictedClasses)
    {
        ArgumentNullException.ThrowIfNull(predictedClasses);
        using var scope = torch.NewDisposeScope();
        var beta = LearningEffect.index_select(0, predictedClasses);
        return (_threshold * beta / (2 - beta)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Records the examples at <paramref name="indices"/> predicted as <paramref name="predictedClasses"/> with
    /// confidence ≥ τ, then recomputes β (after this step's mask, as USB).
    /// </summary>
    public void Update(torch.Tensor indices, torch.Tensor confidence, torch.Tensor predictedClasses)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(confidence);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var selected = confidence.ge(_threshold);
        var previous = SelectedLabels.index_select(0, indices);
        SelectedLabels.index_copy_(0, indices, torch.where(selected, predictedClasses, previous));

        // Column 0 counts the −1 entries (unused examples); columns 1.. count the classes.
        long classes = LearningEffect.shape[0];
        var counts = torch.bincount(SelectedLabels + 1, minlength: classes + 1).to(LearningEffect.dtype);
        var classCounts = counts.narrow(0, 1, classes);
        var largest = counts.max();
        var denominator = _warmup ? largest : classCounts.max();
        var notAllOneValue = largest.lt(SelectedLabels.shape[0]);
        LearningEffect.copy_(torch.where(notAllOneValue, classCounts / denominator, LearningEffect));
    }
}
