namespace MetaSemi.Data;

/// <summary>
/// What one training step consumes (docs/design.md §2): a labelled batch and an unlabelled batch. The
/// unlabelled batch may carry the hidden true labels, used only to report unlabelled accuracy.
/// </summary>
public sealed class PairedBatch : IDisposable
{
    /// <summary>Creates a pair that owns both batches.</summary>
    public PairedBatch(Batch labeled, Batch unlabeled, double dataWaitSeconds = 0)
    {
        Labeled = labeled ?? throw new ArgumentNullException(nameof(labeled));
        Unlabeled = unlabeled ?? throw new ArgumentNullException(nameof(unlabeled));
        if (labeled.Labels is null)
        {
            throw new ArgumentException("The labelled batch has no labels.", nameof(labeled));
        }

        DataWaitSeconds = dataWaitSeconds;
    }

    /// <summary>The labelled batch (labels always present).</summary>
    public Batch Labeled { get; }

    /// <summary>The unlabelled batch (labels present only as hidden ground truth, or null).</summary>
    public Batch Unlabeled { get; }

    /// <summary>Seconds the consumer waited for this pair to be ready.</summary>
    public double DataWaitSeconds { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Labeled.Dispose();
        Unlabeled.Dispose();
    }
}
