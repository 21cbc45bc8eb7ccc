namespace MetaSemi.Data;

/// <summary>Options of <see cref="PairedBatchStream"/>.</summary>
public sealed class PairedStreamOptions
{
    /// <summary>Pairs prepared ahead on a background task (0: prepare in <see cref="PairedBatchStream.Next"/>). Default 4.</summary>
    public int PrefetchDepth { get; set; } = 4;

    /// <summary>Whether unlabelled batches carry the hidden true labels (for unlabelled accuracy). Default true.</summary>
    public bool HiddenLabels { get; set; } = true;

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        if (PrefetchDepth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PrefetchDepth), PrefetchDepth, "PrefetchDepth must be 0 or more.");
        }
    }
}
