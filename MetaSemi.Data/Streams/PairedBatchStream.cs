using System.Collections.Concurrent;
using System.Diagnostics;
using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// The training streams of SPEC §3 over an image collection (in memory or decoded on demand): an infinite labelled stream and an
/// infinite unlabelled stream, each reshuffled on every pass, augmented per batch. Pair n is a pure
/// function of (seed, n) — shuffles and augmentation draws come from generators seeded by the run's
/// seed and n — so <see cref="Seek"/> is exact and prefetching changes nothing but timing. Pairs are
/// prepared on a background task into a bounded queue; <see cref="PairedBatch.DataWaitSeconds"/> is
/// the time <see cref="Next"/> blocked.
/// For the supervised baseline pass the labelled indices as both pools: two independent shuffles of
/// the labelled set (the second batch carries its labels).
/// </summary>
/// <remarks>
/// Sharded for data-parallel training (<see cref="PairedStreamOptions.Rank"/>,
/// <see cref="PairedStreamOptions.WorldSize"/> = W): global pair g covers stream positions
/// [g·B, (g + 1)·B) of both pools, and rank r draws pairs g = Position + r; every <see cref="Next"/>
/// then advances <see cref="Position"/> by W. So <see cref="Position"/> counts the pairs drawn by all
/// ranks together, is the same on every rank, and means the same for any W: a checkpoint's position
/// resumes on any number of ranks at the same place in the data (only the grouping into steps differs).
/// With W = 1 the stream is the single-process stream, unchanged.
/// </remarks>
public sealed class PairedBatchStream : IPairedBatchSource
{
    private readonly IImageCollection _images;
    private readonly ShuffledIndexStream _labeled;
    private readonly ShuffledIndexStream _unlabeled;
    private readonly long _seed;
    private readonly PairedStreamOptions _options;
    private BlockingCollection<Prepared>? _queue;
    private CancellationTokenSource? _cancel;
    private Task? _producer;
    private bool _disposed;

    /// <summary>Creates the streams over an in-memory data set; <paramref name="data"/> stays owned by the caller and must outlive the stream.</summary>
    /// <exception cref="ArgumentException">A pool is empty or holds an index outside the data set.</exception>
    public PairedBatchStream(
        ImageDataset data,
        IReadOnlyList<int> labeledIndices,
        IReadOnlyList<int> unlabeledIndices,
        int batchSize,
        IBatchAugmentation augmentation,
        long seed,
        PairedStreamOptions? options = null)
        : this(new InMemoryImages(data, augmentation), labeledIndices, unlabeledIndices, batchSize, seed, options)
    {
    }

    /// <summary>Creates the streams over any image collection (in memory, folder, RecordIO).</summary>
    /// <exception cref="ArgumentException">A pool is empty or holds an index outside the collection.</exception>
    public PairedBatchStream(
        IImageCollection images,
        IReadOnlyList<int> labeledIndices,
        IReadOnlyList<int> unlabeledIndices,
        int batchSize,
        long seed,
        PairedStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labeledIndices);
        ArgumentNullException.ThrowIfNull(unlabeledIndices);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _options = options ?? new PairedStreamOptions();
        _options.Validate();
        CheckPool(labeledIndices, images.Count, nameof(labeledIndices));
        CheckPool(unlabeledIndices, images.Count, nameof(unlabeledIndices));
        _images = images;
        _labeled = new ShuffledIndexStream(labeledIndices, seed, SeedMixer.LabeledShuffle);
        _unlabeled = new ShuffledIndexStream(unlabeledIndices, seed, SeedMixer.UnlabeledShuffle);
        _seed = seed;
        BatchSize = batchSize;
    }

    /// <inheritdoc />
    public int NumClasses => _images.NumClasses;

    /// <inheritdoc />
    public int BatchSize { get; }

    /// <inheritdoc />
    /// <remarks>Pairs drawn by all ranks together (see the class remarks).</remarks>
    public long Position { get; private set; }

    /// <inheritdoc />
    public int ShardIndex => _options.Rank;

    /// <inheritdoc />
    public int ShardCount => _options.WorldSize;

    /// <summary>Number of labelled examples.</summary>
    public int LabeledCount => _labeled.Count;

    /// <summary>Number of unlabelled examples.</summary>
    public int UnlabeledCount => _unlabeled.Count;

    /// <inheritdoc />
    public PairedBatch Next()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var clock = Stopwatch.StartNew();
        Prepared item;
        if (_options.PrefetchDepth == 0)
        {
            item = Prepare(Position + _options.Rank);
        }
        else
        {
            if (_producer is null)
            {
                StartProducer(Position + _options.Rank);
            }

            item = _queue!.Take();
        }

        if (item.Error is not null)
        {
            // The producer stopped at the failure; the next call retries from the same position. The
            // original exception (e.g. a DataFormatException naming a corrupt image) reaches the caller.
            StopProducer();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(item.Error).Throw();
        }

        Position += _options.WorldSize;
        return new PairedBatch(item.Labeled!, item.Unlabeled!, clock.Elapsed.TotalSeconds);
    }

    /// <inheritdoc />
    public void Seek(long position)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (position == Position)
        {
            return;
        }

        StopProducer();
        Position = position;
    }

    /// <summary>Builds global pair <paramref name="n"/>: index draws, gather, augmentation (all seeded by n).</summary>
    private Prepared Prepare(long n)
    {
        try
        {
            using var scope = torch.NewDisposeScope();
            using var generator = new torch.Generator(SeedMixer.Mix(_seed, SeedMixer.Augmentation, n));
            var li = _labeled.Take(n * BatchSize, BatchSize);
            var ui = _unlabeled.Take(n * BatchSize, BatchSize);
            var xl = _images.TrainImages(li, generator);
            var xu = _images.TrainImages(ui, generator);
            var yl = LabelsOf(li);
            var yu = _options.HiddenLabels ? LabelsOf(ui) : null;
            var labeled = new Batch(xl.DetachFromDisposeScope(), yl.DetachFromDisposeScope());
            var unlabeled = new Batch(xu.DetachFromDisposeScope(), yu?.DetachFromDisposeScope());
            return new Prepared(labeled, unlabeled, null);
        }
#pragma warning disable CA1031 // A failure on the producer must reach the consumer, whatever it is.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Prepared(null, null, e);
        }
    }

    private torch.Tensor LabelsOf(long[] indices)
    {
        var labels = _images.Labels;
        return torch.tensor(indices.Select(i => labels[(int)i]).ToArray());
    }

    private void StartProducer(long from)
    {
        var queue = new BlockingCollection<Prepared>(_options.PrefetchDepth);
        var cancel = new CancellationTokenSource();
        _queue = queue;
        _cancel = cancel;
        _producer = Task.Factory.StartNew(
            () =>
            {
                for (long n = from; !cancel.IsCancellationRequested; n += _options.WorldSize)
                {
                    var item = Prepare(n);
                    try
                    {
                        queue.Add(item, cancel.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        item.Dispose();
                        return;
                    }

                    if (item.Error is not null)
                    {
                        return;
                    }
                }
            },
            cancel.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private void StopProducer()
    {
        if (_producer is null)
        {
            return;
        }

        _cancel!.Cancel();
        try
        {
            _producer.Wait();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            // The task was cancelled before it started: nothing was produced.
        }

        while (_queue!.TryTake(out var item))
        {
            item.Dispose();
        }

        _queue.Dispose();
        _cancel.Dispose();
        _producer = null;
        _queue = null;
        _cancel = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        StopProducer();
        _disposed = true;
    }

    private static void CheckPool(IReadOnlyList<int> pool, int count, string name)
    {
        if (pool.Count == 0)
        {
            throw new ArgumentException("The index pool is empty; an infinite stream needs at least one example.", name);
        }

        foreach (int i in pool)
        {
            if (i < 0 || i >= count)
            {
                throw new ArgumentException($"Index {i} is outside the data set of {count} examples.", name);
            }
        }
    }

    private sealed record Prepared(Batch? Labeled, Batch? Unlabeled, Exception? Error) : IDisposable
    {
        public void Dispose()
        {
            Labeled?.Dispose();
            Unlabeled?.Dispose();
        }
    }
}
