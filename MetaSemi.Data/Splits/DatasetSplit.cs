namespace MetaSemi.Data;

/// <summary>Indices of a training set divided into a labelled and an unlabelled part (disjoint).</summary>
public sealed class DatasetSplit
{
    /// <summary>Creates a split; the two parts must be disjoint and non-negative.</summary>
    /// <exception cref="ArgumentException">An index is negative or appears twice.</exception>
    public DatasetSplit(IReadOnlyList<int> labeled, IReadOnlyList<int> unlabeled)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(unlabeled);
        var seen = new HashSet<int>();
        foreach (int i in labeled.Concat(unlabeled))
        {
            if (i < 0 || !seen.Add(i))
            {
                throw new ArgumentException($"Index {i} is negative or appears twice; a split's parts must be disjoint sets of indices.", nameof(unlabeled));
            }
        }

        Labeled = labeled.ToArray();
        Unlabeled = unlabeled.ToArray();
    }

    /// <summary>Indices of the labelled examples, in the order they were chosen.</summary>
    public IReadOnlyList<int> Labeled { get; }

    /// <summary>Indices of the unlabelled examples.</summary>
    public IReadOnlyList<int> Unlabeled { get; }

    /// <summary>Writes the labelled indices to <paramref name="path"/> (<c>label_indices.txt</c>), one per line.</summary>
    public void WriteLabelIndices(string path) => LabelIndicesFile.Write(path, Labeled);
}
