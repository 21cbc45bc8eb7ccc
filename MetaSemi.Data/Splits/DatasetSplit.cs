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

    /// <summary>
    /// The split whose labelled part is <paramref name="labeled"/> (in its order) and whose unlabelled part is
    /// every other index of <c>[0, <paramref name="count"/>)</c> in ascending order: the one order both splitters
    /// give, so that the labelled indices alone (<c>label_indices.txt</c>) determine the whole split.
    /// </summary>
    /// <exception cref="ArgumentException">A labelled index is outside <c>[0, count)</c> or appears twice.</exception>
    public static DatasetSplit WithComplement(IReadOnlyList<int> labeled, int count)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        var isLabeled = new bool[count];
        foreach (int i in labeled)
        {
            if (i < 0 || i >= count)
            {
                throw new ArgumentException($"Labelled index {i} is outside the training set of {count} examples.", nameof(labeled));
            }

            if (isLabeled[i])
            {
                throw new ArgumentException($"Labelled index {i} appears twice.", nameof(labeled));
            }

            isLabeled[i] = true;
        }

        return new DatasetSplit(labeled, Enumerable.Range(0, count).Where(i => !isLabeled[i]).ToArray());
    }

    /// <summary>Indices of the labelled examples, in the order they were chosen.</summary>
    public IReadOnlyList<int> Labeled { get; }

    /// <summary>Indices of the unlabelled examples (ascending, for a split made by <see cref="WithComplement"/>).</summary>
    public IReadOnlyList<int> Unlabeled { get; }

    /// <summary>Writes the labelled indices to <paramref name="path"/> (<c>label_indices.txt</c>), one per line.</summary>
    public void WriteLabelIndices(string path) => LabelIndicesFile.Write(path, Labeled);
}
