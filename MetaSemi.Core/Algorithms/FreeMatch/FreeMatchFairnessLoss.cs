using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// FreeMatch's class-fairness term as USB computes it (<c>entropy_loss</c>): over the masked strong-view examples,
/// <c>Σ_c SumNorm(p̃_t / h̃_t)_c · log(SumNorm(p̄_s / h̄_s)_c + 1e-12)</c>, with p̄_s their mean probability, h̄_s their
/// normalised argmax histogram, 1/0 read as 0, and the scalers constant. Zero when no example passed the mask.
/// </summary>
public static class FreeMatchFairnessLoss
{
    /// <summary>The term, with its graph through <paramref name="strongLogits"/>.</summary>
    public static torch.Tensor Compute(torch.Tensor mask, torch.Tensor strongLogits, torch.Tensor classProbabilities, torch.Tensor labelHistogram)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(strongLogits);
        ArgumentNullException.ThrowIfNull(classProbabilities);
        ArgumentNullException.ThrowIfNull(labelHistogram);
        using var scope = torch.NewDisposeScope();
        var rows = mask.gt(0).nonzero().squeeze(1);
        if (rows.shape[0] == 0)
        {
            return (strongLogits.sum() * 0).MoveToOuterDisposeScope();
        }

        var probabilities = torch.nn.functional.softmax(strongLogits.index_select(0, rows), 1);
        var histogram = torch.bincount(probabilities.detach().argmax(1), minlength: strongLogits.shape[1]).to(probabilities.dtype);
        histogram /= histogram.sum();

        var modelTarget = classProbabilities.detach() * InverseOrZero(labelHistogram.detach());
        modelTarget /= modelTarget.sum();
        var batchMean = probabilities.mean(new long[] { 0 }) * InverseOrZero(histogram);
        batchMean = batchMean / batchMean.sum();
        return (modelTarget * (batchMean + 1e-12).log()).sum().MoveToOuterDisposeScope();
    }

    private static torch.Tensor InverseOrZero(torch.Tensor values) =>
        torch.where(values.eq(0), torch.zeros_like(values), values.reciprocal());
}
