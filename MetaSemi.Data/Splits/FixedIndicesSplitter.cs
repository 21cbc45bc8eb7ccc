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
        var isLabeled = new bool[labels.Count];
        foreach (int i in LabeledIndices)
        {
            if (i < 0 || i >= labels.Count)
            {
                throw new ArgumentException($"Labelled index {i} is outside the training set of {labels.Count} examples.", nameof(labels));
            }

            if (isLabeled[i])
            {
                throw new ArgumentException($"Labelled index {i} appears twice.", nameof(labels));
            }

            isLabeled[i] = true;
        }

        var unlabeled = Enumerable.Range(0, labels.Count).Where(i => !isLabeled[i]).ToArray();
        return new DatasetSplit(LabeledIndices, unlabeled);
    }
}
