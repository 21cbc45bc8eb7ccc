namespace MetaSemi.Data;

/// <summary>A split given as the labelled indices (e.g. a run's <c>label_indices.txt</c>); every other index is unlabelled.</summary>
public sealed class FixedIndicesSplitter : IDatasetSplitter
{
    /// <summary>Creates the splitter from labelled indices.</summary>
    public FixedIndicesSplitter(IReadOnlyList<int> labeledIndices)
    {
        ArgumentNullException.ThrowIfNull(labeledIndices);
        LabeledIndices = labeledIndices.ToArray();
    }

    /// <summary>The labelled indices, in file order.</summary>
    public IReadOnlyList<int> LabeledIndices { get; }

    /// <summary>Reads the labelled indices from a <c>label_indices.txt</c> file.</summary>
    /// <exception cref="DataFormatException">A line is not a non-negative integer.</exception>
    public static FixedIndicesSplitter FromFile(string path) => new(LabelIndicesFile.Read(path));

    /// <inheritdoc />
    public DatasetSplit Split(IReadOnlyList<long> labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return DatasetSplit.WithComplement(LabeledIndices, labels.Count);
    }
}
