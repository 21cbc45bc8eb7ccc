using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace MetaSemi.Data;

/// <summary>
/// Prepares items n, n + stride, n + 2·stride, … of a pure function of n on a background task into a
/// bounded queue (or in the caller's thread when the depth is 0). A failure stops the producer and reaches
/// the caller of <see cref="Next"/> with its original exception; the next call retries from the same n.
/// The one prefetching code of the streams.
/// </summary>
internal sealed class Prefetcher<T> : IDisposable
    where T : class, IDisposable
{
    private readonly Func<long, T> _prepare;
    private readonly int _depth;
    private readonly int _stride;
    private BlockingCollection<Prepared>? _queue;
    private CancellationTokenSource? _cancel;
    private Task? _producer;
    private long _expected = -1;

    public Prefetcher(Func<long, T> prepare, int depth, int stride)
    {
        _prepare = prepare;
        _depth = depth;
        _stride = stride;
    }

    /// <summary>Item <paramref name="n"/>; prefetching continues with n + stride.</summary>
    public T Next(long n)
    {
        if (_depth == 0)
        {
            return _prepare(n);
        }

        if (_producer is null || _expected != n)
        {
            Stop();
            Start(n);
        }

        var item = _queue!.Take();
        if (item.Error is not null)
        {
            Stop();
            ExceptionDispatchInfo.Capture(item.Error).Throw();
        }

        _expected = n + _stride;
        return item.Value!;
    }

    /// <summary>Stops the producer and drops what it prepared (after a seek).</summary>
    public void Stop()
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
            item.Value?.Dispose();
        }

        _queue.Dispose();
        _cancel.Dispose();
        _producer = null;
        _queue = null;
        _cancel = null;
        _expected = -1;
    }

    public void Dispose() => Stop();

    private void Start(long from)
    {
        var queue = new BlockingCollection<Prepared>(_depth);
        var cancel = new CancellationTokenSource();
        _queue = queue;
        _cancel = cancel;
        _producer = Task.Factory.StartNew(
            () =>
            {
                for (long n = from; !cancel.IsCancellationRequested; n += _stride)
                {
                    var item = Prepare(n);
                    try
                    {
                        queue.Add(item, cancel.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        item.Value?.Dispose();
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

    private Prepared Prepare(long n)
    {
        try
        {
            return new Prepared(_prepare(n), null);
        }
#pragma warning disable CA1031 // A failure on the producer must reach the consumer, whatever it is.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Prepared(null, e);
        }
    }

    private sealed record Prepared(T? Value, Exception? Error);
}
