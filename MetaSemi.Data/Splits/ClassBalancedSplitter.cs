using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// The class-balanced split of docs/design.md §3: shuffle all training indices with the seed (torch.randperm on
/// a CPU generator), walk them, and take an index as labelled while its class has fewer than
/// <c>numLabels / numClasses</c> labelled; every other index is unlabelled. The labelled part keeps the walk
/// order (which <c>label_indices.txt</c> records); the unlabelled part is the complement in ascending order,
/// exactly as <see cref="FixedIndicesSplitter"/> rebuilds it from that file, so that a resumed run, or a run
/// given the file with <c>--label-indices</c>, draws the same batches as the run that wrote it.
/// </summary>
public sealed class ClassBalancedSplitter : IDatasetSplitter
{
    /// <summary>Creates the splitter for <paramref name="numLabels"/> labelled examples in total.</summary>
    public ClassBalancedSplitter(int numLabels, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numLabels);
        NumLabels = numLabels;
        Seed = seed;
    }

    /// <summary>Total number of labelled examples.</summary>
    public int NumLabels { get; }

    /// <summary>Seed of the shuffle.</summary>
    public long Seed { get; }

    /// <inheritdoc />
    public DatasetSplit Split(IReadOnlyList<long> labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numClasses);
        if (NumLabels % numClasses != 0)
        {
            throw new ArgumentException(
                $"num_labels {NumLabels} is not divisible by the {numClasses} classes; a class-balanced split needs a multiple of {numClasses}.");
        }

        int perClass = NumLabels / numClasses;
        var counts = new int[numClasses];
        for (int i = 0; i < labels.Count; i++)
        {
            long y = labels[i];
            if (y < 0 || y >= numClasses)
            {
                throw new ArgumentException($"Label {y} of example {i} is outside [0, {numClasses}).", nameof(labels));
            }

            counts[y]++;
        }

        for (int c = 0; c < numClasses; c++)
        {
            if (counts[c] < perClass)
            {
                throw new ArgumentException(
                    $"Class {c} has {counts[c]} training examples, but num_labels {NumLabels} over {numClasses} classes asks for {perClass} labelled per class.");
            }
        }

        long[] order;
        using (var generator = new torch.Generator(unchecked((ulong)Seed)))
        using (var permutation = torch.randperm(labels.Count, dtype: torch.int64, generator: generator))
        {
            order = permutation.data<long>().ToArray();
        }

        var taken = new int[numClasses];
        var labeled = new List<int>(NumLabels);
        foreach (long index in order)
        {
            long y = labels[(int)index];
            if (taken[y] < perClass)
            {
                taken[y]++;
                labeled.Add((int)index);
            }
        }

        return DatasetSplit.WithComplement(labeled, labels.Count);
    }
}
