namespace MetaSemi.Data;

/// <summary>A split given as the labelled indices (e.g. a run's <c>label_indices.txt</c>); every other index is unlabelled.</summary>
public sealed class FixedIndicesSplitter : IDatasetSplitter
{
    /// <summary>Creates the splitter from labelled indices; <paramref name="source"/> is the file they came from, named by errors.</summary>
    public FixedIndicesSplitter(IReadOnlyList<int> labeledIndices, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(labeledIndices);
        LabeledIndices = labeledIndices.ToArray();
        Source = source;
    }

    /// <summary>The labelled indices, in file order.</summary>
    public IReadOnlyList<int> LabeledIndices { get; }

    /// <summary>The file the indices were read from, if any.</summary>
    public string? Source { get; }

    /// <summary>Reads the labelled indices from a <c>label_indices.txt</c> file; with <paramref name="expectedCount"/>, the file must hold exactly that many.</summary>
    /// <exception cref="DataFormatException">A line is not a non-negative integer, the file is empty, or it holds another number of indices.</exception>
    public static FixedIndicesSplitter FromFile(string path, int? expectedCount = null)
    {
        var indices = LabelIndicesFile.Read(path);
        LabelIndicesFile.CheckCount(path, indices.Length, expectedCount);

        return new(indices, path);
    }

    /// <inheritdoc />
    /// <exception cref="DataFormatException">The indices came from a file and one is outside the training set or appears twice (the message names the file and line).</exception>
    public DatasetSplit Split(IReadOnlyList<long> labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (Source is not null)
        {
            LabelIndicesFile.Check(Source, LabeledIndices, labels.Count);
        }

        return DatasetSplit.WithComplement(LabeledIndices, labels.Count);
    }
}
