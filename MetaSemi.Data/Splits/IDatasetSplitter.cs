namespace MetaSemi.Data;

/// <summary>Chooses which training examples are labelled (docs/design.md §3).</summary>
public interface IDatasetSplitter
{
    /// <summary>Splits a training set with the given labels (each in [0, <paramref name="numClasses"/>)).</summary>
    /// <exception cref="ArgumentException">The split cannot be made; the message says what was asked and what exists.</exception>
    DatasetSplit Split(IReadOnlyList<long> labels, int numClasses);
}

/// <summary>Conveniences for <see cref="IDatasetSplitter"/>.</summary>
public static class DatasetSplitterExtensions
{
    /// <summary>Splits <paramref name="dataset"/> by its labels and class count.</summary>
    public static DatasetSplit Split(this IDatasetSplitter splitter, ImageDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(splitter);
        ArgumentNullException.ThrowIfNull(dataset);
        return splitter.Split(dataset.GetLabelArray(), dataset.NumClasses);
    }
}
