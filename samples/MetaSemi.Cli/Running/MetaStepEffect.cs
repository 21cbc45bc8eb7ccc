using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>
/// Running totals of what the meta step did to pseudo-labels, over batches: the mean L1 distance
/// between ŷ and p per image, the share of images whose argmax changed, and — against hidden
/// labels — the accuracy of argmax p and of argmax ŷ, the share it fixed (p wrong, ŷ right) and
/// broke (p right, ŷ wrong). Shares are fractions of all images seen.
/// </summary>
internal sealed class MetaStepEffect
{
    private double _shift, _changed, _accuracyBefore, _accuracyAfter, _fixed, _broken;

    public long Images { get; private set; }

    public double MeanShift => _shift / Images;

    public double Changed => _changed / Images;

    public double AccuracyBefore => _accuracyBefore / Images;

    public double AccuracyAfter => _accuracyAfter / Images;

    public double Fixed => _fixed / Images;

    public double Broken => _broken / Images;

    /// <summary>Adds one batch: predictions p and pseudo-labels ŷ (B×C), hidden labels (B).</summary>
    public void Add(torch.Tensor predictions, torch.Tensor pseudoLabels, torch.Tensor hiddenLabels)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(pseudoLabels);
        ArgumentNullException.ThrowIfNull(hiddenLabels);
        using var scope = torch.NewDisposeScope();
        var before = predictions.argmax(1);
        var after = pseudoLabels.argmax(1);
        var labels = hiddenLabels.to(before.device);
        var rightBefore = before.eq(labels);
        var rightAfter = after.eq(labels);
        var sums = torch.stack([
            (pseudoLabels - predictions).abs().sum(1).to(torch.float64).sum(),
            before.ne(after).to(torch.float64).sum(),
            rightBefore.to(torch.float64).sum(),
            rightAfter.to(torch.float64).sum(),
            (rightAfter & rightBefore.logical_not()).to(torch.float64).sum(),
            (rightBefore & rightAfter.logical_not()).to(torch.float64).sum(),
        ]).cpu().data<double>().ToArray();
        _shift += sums[0];
        _changed += sums[1];
        _accuracyBefore += sums[2];
        _accuracyAfter += sums[3];
        _fixed += sums[4];
        _broken += sums[5];
        Images += predictions.shape[0];
    }
}
