using System.Diagnostics;

namespace MetaSemi.Data;

/// <summary>
/// Pairs a labelled and an unlabelled <see cref="IBatchStream"/> into the <see cref="IPairedBatchSource"/>
/// the trainer consumes: pair n is (labelled batch n, unlabelled batch n), so seeking the pair seeks both
/// streams and a resumed run sees the same data. The streams stay owned by the caller; disposing the
/// pair disposes neither.
/// </summary>
public sealed class PairedBatchSource : IPairedBatchSource
{
    private readonly IBatchStream _labeled;
    private readonly IBatchStream _unlabeled;

    /// <summary>Pairs <paramref name="labeled"/> with <paramref name="unlabeled"/>, starting from the labelled stream's position.</summary>
    public PairedBatchSource(IBatchStream labeled, IBatchStream unlabeled)
    {
        _labeled = labeled ?? throw new ArgumentNullException(nameof(labeled));
        _unlabeled = unlabeled ?? throw new ArgumentNullException(nameof(unlabeled));
    }

    /// <inheritdoc />
    public int NumClasses => _labeled.NumClasses;

    /// <inheritdoc />
    public int BatchSize => _labeled.BatchSize;

    /// <inheritdoc />
    public long Position => _labeled.Position;

    /// <inheritdoc />
    /// <remarks>The unlabelled stream's batch size: μ × <see cref="BatchSize"/>.</remarks>
    public int UnlabeledBatchSize => _unlabeled.BatchSize;

    /// <inheritdoc />
    public IReadOnlyList<string> UnlabeledViews => _unlabeled.Views;

    /// <inheritdoc />
    public bool ProvidesUnlabeledIndices => _unlabeled.ProvidesIndices;

    /// <inheritdoc />
    public long UnlabeledCount => _unlabeled.PoolCount;

    /// <summary>
    /// What keeps the two streams from pairing up (an unlabelled batch that is not a whole multiple μ ≥ 1 of
    /// the labelled one, different class counts or positions), each as a message naming the field; empty
    /// when they fit. Whether the algorithm accepts this μ (mixup needs μ = 1) is the algorithm's requirement.
    /// </summary>
    public IEnumerable<string> Mismatches()
    {
        if (_labeled.BatchSize <= 0 || _unlabeled.BatchSize < _labeled.BatchSize || _unlabeled.BatchSize % _labeled.BatchSize != 0)
        {
            yield return $"Data.BatchSize: the labelled stream has batches of {_labeled.BatchSize} and the unlabelled stream of {_unlabeled.BatchSize}; expected the unlabelled batch to be a whole multiple μ ≥ 1 of the labelled one.";
        }

        if (_labeled.NumClasses != _unlabeled.NumClasses)
        {
            yield return $"Data.NumClasses: the labelled stream has {_labeled.NumClasses} classes and the unlabelled stream {_unlabeled.NumClasses}; expected the same.";
        }

        if (_labeled.Position != _unlabeled.Position)
        {
            yield return $"Data.Position: the labelled stream is at batch {_labeled.Position} and the unlabelled stream at {_unlabeled.Position}; expected the same.";
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The labelled stream returned a batch without labels.</exception>
    public PairedBatch Next()
    {
        var clock = Stopwatch.StartNew();
        var labeled = _labeled.Next();
        Batch unlabeled;
        try
        {
            if (labeled.Labels is null)
            {
                throw new InvalidOperationException($"The labelled stream returned batch {_labeled.Position - 1} without labels.");
            }

            unlabeled = _unlabeled.Next();
        }
        catch
        {
            labeled.Dispose();
            throw;
        }

        return new PairedBatch(labeled, unlabeled, clock.Elapsed.TotalSeconds);
    }

    /// <inheritdoc />
    public void Seek(long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        _labeled.Seek(position);
        _unlabeled.Seek(position);
    }

    /// <summary>Does nothing: the streams belong to the caller.</summary>
    public void Dispose()
    {
    }
}
