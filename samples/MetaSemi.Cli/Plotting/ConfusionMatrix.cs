using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Cli.Plotting;

/// <summary>
/// Counts of (true class, predicted class) pairs over a test set, with overall and per-class
/// accuracy. Batches of tensors are accumulated on their device; one transfer at <see cref="Counts"/>.
/// </summary>
internal sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    public ConfusionMatrix(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ClassCount = classCount;
        _counts = new long[classCount, classCount];
    }

    public int ClassCount { get; }

    /// <summary>Number of examples counted.</summary>
    public long Total { get; private set; }

    /// <summary>Counts indexed [true class, predicted class].</summary>
    public long this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>Builds a matrix from label and prediction arrays of equal length.</summary>
    public static ConfusionMatrix FromPredictions(int classCount, IReadOnlyList<int> labels, IReadOnlyList<int> predictions)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predictions);
        if (labels.Count != predictions.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {predictions.Count} predictions.", nameof(predictions));
        }

        var matrix = new ConfusionMatrix(classCount);
        for (int i = 0; i < labels.Count; i++)
        {
            matrix.Add(labels[i], predictions[i]);
        }

        return matrix;
    }

    public void Add(int actual, int predicted)
    {
        CheckClass(actual, "label");
        CheckClass(predicted, "prediction");
        _counts[actual, predicted]++;
        Total++;
    }

    /// <summary>Adds a batch given as integer tensors of the same length (labels and predicted classes).</summary>
    public void Add(Tensor labels, Tensor predictions)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predictions);
        if (labels.shape.Length != 1 || !labels.shape.SequenceEqual(predictions.shape))
        {
            throw new ArgumentException($"Expected two 1-D tensors of the same length, got [{string.Join(',', labels.shape)}] and [{string.Join(',', predictions.shape)}].", nameof(predictions));
        }

        using var scope = NewDisposeScope();
        var l = labels.to(int64);
        var p = predictions.to(int64);
        var outside = (l < 0) | (l >= ClassCount) | (p < 0) | (p >= ClassCount);
        if (outside.any().item<bool>())
        {
            throw new ArgumentException($"A label or prediction lies outside 0..{ClassCount - 1}.", nameof(labels));
        }

        var counts = bincount(l * ClassCount + p, minlength: ClassCount * ClassCount).cpu().data<long>().ToArray();
        for (int i = 0; i < counts.Length; i++)
        {
            _counts[i / ClassCount, i % ClassCount] += counts[i];
        }

        Total += labels.shape[0];
    }

    /// <summary>Fraction of examples whose prediction equals the label (NaN when empty).</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Enumerable.Range(0, ClassCount).Sum(c => _counts[c, c]) / Total;

    /// <summary>Per true class: the fraction predicted correctly (recall); NaN for a class with no examples.</summary>
    public double[] PerClassAccuracy()
    {
        var result = new double[ClassCount];
        for (int c = 0; c < ClassCount; c++)
        {
            long row = RowTotal(c);
            result[c] = row == 0 ? double.NaN : (double)_counts[c, c] / row;
        }

        return result;
    }

    public long RowTotal(int actual) => Enumerable.Range(0, ClassCount).Sum(p => _counts[actual, p]);

    /// <summary>A copy of the counts indexed [true class, predicted class].</summary>
    public long[,] Counts() => (long[,])_counts.Clone();

    private void CheckClass(int value, string what)
    {
        if (value < 0 || value >= ClassCount)
        {
            throw new ArgumentOutOfRangeException(what, $"The {what} {value} is outside 0..{ClassCount - 1}.");
        }
    }
}
