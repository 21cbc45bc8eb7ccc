using MetaSemi.Data;

namespace MetaSemi.Cli.Running;

/// <summary>Every training image is labelled (the supervised baseline on an image folder when <c>--num-label</c> is not given).</summary>
internal sealed class AllLabeledSplitter : IDatasetSplitter
{
    public DatasetSplit Split(IReadOnlyList<long> labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new DatasetSplit(Enumerable.Range(0, labels.Count).ToArray(), []);
    }
}
