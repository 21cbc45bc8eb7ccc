using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// SoftMatch's sample weighting (Chen et al. 2023, §3.2–3.3), USB's <c>DistAlignEMAHook</c> (uniform target) and
/// <c>SoftMatchWeightingHook</c> (one Gaussian): the model's class distribution p̂ is an EMA (decay m) of the batch's
/// mean probability, starting at the first batch's mean; aligned probabilities are
/// <c>SumNorm(p · (1/C + 1e-6) / (p̂ + 1e-6))</c>; the confidence's mean μ_t and variance σ²_t are EMAs, from 1/C and
/// 1, of the batch mean and unbiased variance of the aligned max; an example's weight is
/// <c>exp(−min(max p − μ_t, 0)² / (2σ²_t / n_σ²))</c>. Each EMA is updated with the batch before it is used.
/// </summary>
public sealed class SoftMatchWeighting
{
    private readonly double _decay;
    private readonly double _standardDeviations;
    private readonly bool _align;

    /// <summary>Creates the state for <paramref name="numClasses"/> classes.</summary>
    public SoftMatchWeighting(int numClasses, double decay, double standardDeviations, bool align, torch.Device device, torch.ScalarType dtype)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        _decay = decay;
        _standardDeviations = standardDeviations;
        _align = align;
        Mean = torch.tensor(1.0 / numClasses, dtype, device).DetachFromDisposeScope();
        Variance = torch.tensor(1.0, dtype, device).DetachFromDisposeScope();
        ClassDistribution = torch.full(numClasses, 1.0 / numClasses, dtype: dtype, device: device).DetachFromDisposeScope();
        AlignmentUpdates = torch.tensor(0L, torch.int64, device).DetachFromDisposeScope();
    }

    /// <summary>μ_t, 0-d (USB <c>prob_max_mu_t</c>).</summary>
    public torch.Tensor Mean { get; }

    /// <summary>σ²_t, 0-d (USB <c>prob_max_var_t</c>).</summary>
    public torch.Tensor Variance { get; }

    /// <summary>p̂, the EMA of the model's mean probability vector (USB <c>p_model</c>); meaningful once <see cref="AlignmentUpdates"/> &gt; 0.</summary>
    public torch.Tensor ClassDistribution { get; }

    /// <summary>How many batches p̂ has seen, 0-d int64 (the first one sets it).</summary>
    public torch.Tensor AlignmentUpdates { get; }

    /// <summary>Updates p̂ with <paramref name="probabilities"/> and returns them aligned (themselves without alignment).</summary>
    public torch.Tensor Align(torch.Tensor probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (!_align)
        {
            return probabilities.detach();
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var batchMean = probabilities.mean(new long[] { 0 });
        var averaged = ClassDistribution * _decay + batchMean * (1 - _decay);
        ClassDistribution.copy_(torch.where(AlignmentUpdates.eq(0), batchMean, averaged));
        AlignmentUpdates.add_(1);
        double target = 1.0 / ClassDistribution.shape[0];
        var aligned = probabilities * (target + 1e-6) / (ClassDistribution + 1e-6);
        return (aligned / aligned.sum(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>Updates μ_t and σ²_t with the batch's (aligned) probabilities and returns each example's weight.</summary>
    public torch.Tensor Weights(torch.Tensor probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var confidence = probabilities.max(1).values;
        Mean.mul_(_decay).add_(confidence.mean(), alpha: 1 - _decay);
        Variance.mul_(_decay).add_(confidence.var(), alpha: 1 - _decay);
        var below = (confidence - Mean).clamp_max(0);
        var weights = (-below.square() / (2 * Variance / (_standardDeviations * _standardDeviations))).exp();
        return weights.MoveToOuterDisposeScope();
    }
}
