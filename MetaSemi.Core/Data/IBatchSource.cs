namespace MetaSemi.Data;

/// <summary>A finite labelled data set read in order, for evaluation (test set, feature extraction).</summary>
public interface IBatchSource
{
    /// <summary>Number of examples.</summary>
    int Count { get; }

    /// <summary>Number of classes.</summary>
    int NumClasses { get; }

    /// <summary>
    /// The data set in order, in batches of <paramref name="batchSize"/> (the last may be smaller),
    /// normalised as for testing, on the CPU; the caller disposes each batch.
    /// </summary>
    IEnumerable<Batch> GetBatches(int batchSize);
}
