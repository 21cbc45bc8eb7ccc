using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// FreeMatch's self-adaptive thresholding (Wang et al. 2023, §3.2): the global threshold τ_t is an EMA (decay m)
/// of the batch's mean confidence, from 1/C; the model's mean probability vector p̃_t and its label histogram h̃_t
/// are EMAs of the batch mean and of the argmax histogram, from uniform. Each class's threshold is
/// <c>τ_t · p̃_t(c) / max_c p̃_t(c)</c>. The EMAs are updated with the batch before its mask, as USB.
/// </summary>
public sealed class FreeMatchThresholds
{
    private readonly double _decay;

    /// <summary>Creates the state for <paramref name="numClasses"/> classes.</summary>
    public FreeMatchThresholds(int numClasses, double decay, torch.Device device, torch.ScalarType dtype)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        _decay = decay;
        ClassProbabilities = torch.full(numClasses, 1.0 / numClasses, dtype: dtype, device: device).DetachFromDisposeScope();
        LabelHistogram = torch.full(numClasses, 1.0 / numClasses, dtype: dtype, device: device).DetachFromDisposeScope();
        GlobalThreshold = torch.tensor(1.0 / numClasses, dtype, device).DetachFromDisposeScope();
    }

    /// <summary>τ_t, 0-d (USB <c>time_p</c>).</summary>
    public torch.Tensor GlobalThreshold { get; }

    /// <summary>p̃_t, the EMA of the mean probability vector (USB <c>p_model</c>).</summary>
    public torch.Tensor ClassProbabilities { get; }

    /// <summary>h̃_t, the EMA of the histogram of predicted classes (USB <c>label_hist</c>).</summary>
    public torch.Tensor LabelHistogram { get; }

    /// <summary>Updates the EMAs with a batch of weak-view probabilities (B×C, no gradient).</summary>
    public void Update(torch.Tensor probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (confidence, predicted) = probabilities.max(1);
        GlobalThreshold.mul_(_decay).add_(confidence.mean(), alpha: 1 - _decay);
        ClassProbabilities.mul_(_decay).add_(probabilities.mean(new long[] { 0 }), alpha: 1 - _decay);
        var histogram = torch.bincount(predicted, minlength: ClassProbabilities.shape[0]).to(LabelHistogram.dtype);
        LabelHistogram.mul_(_decay).add_(histogram / histogram.sum(), alpha: 1 - _decay);
    }

    /// <summary>The mask <c>1[max p ≥ τ_t · p̃_t(argmax p) / max p̃_t]</c> with the current state.</summary>
    public torch.Tensor Mask(torch.Tensor probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (confidence, predicted) = probabilities.max(1);
        var scale = ClassProbabilities / ClassProbabilities.max();
        return confidence.ge(GlobalThreshold * scale.index_select(0, predicted)).to(probabilities.dtype).MoveToOuterDisposeScope();
    }
}
