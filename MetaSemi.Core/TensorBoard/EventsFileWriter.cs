using System.Globalization;
using System.Text.RegularExpressions;

namespace MetaSemi.TensorBoard;

/// <summary>
/// Writes scalars to a new TensorBoard events file in a folder (<c>events.out.tfevents.&lt;ticks&gt;.&lt;host&gt;.&lt;pid&gt;.1</c>,
/// named to sort after every events file already there, as TensorBoard reads a folder's files in name order).
/// The file opens with the file-version event and a session START at <c>resumedStep + 1</c> — what PyTorch's
/// <c>SummaryWriter(purge_step=…)</c> writes — so that TensorBoard discards what earlier files (an attempt that
/// ran past its last checkpoint before it was killed) recorded for the steps this run writes again.
/// </summary>
public sealed partial class EventsFileWriter : IDisposable
{
    private readonly FileStream _stream;

    /// <summary>Creates the events file of a run that has completed <paramref name="completedSteps"/> steps (0 for a fresh run).</summary>
    /// <exception cref="IOException">The file cannot be created or written; the message names it.</exception>
    public EventsFileWriter(string folder, long completedSteps)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(completedSteps);
        Directory.CreateDirectory(folder);
        long ticks = Math.Max(DateTime.UtcNow.Ticks, LatestTicks(folder) + 1);
        Path = System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{ticks:D18}.{Environment.MachineName}.{Environment.ProcessId}.1"));
        try
        {
            _stream = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            double now = WallTime();
            Write(EventEncoding.FileVersionEvent(now));
            Write(EventEncoding.SessionStartEvent(now, completedSteps + 1));
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            _stream?.Dispose();
            throw new IOException($"Cannot write the TensorBoard events file '{Path}': {e.Message}", e);
        }
    }

    /// <summary>The events file.</summary>
    public string Path { get; }

    /// <summary>Appends one scalar at <paramref name="step"/> (buffered; see <see cref="Flush"/>).</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public void AddScalar(string tag, float value, long step)
    {
        try
        {
            Write(EventEncoding.ScalarEvent(WallTime(), step, tag, value));
        }
        catch (IOException e)
        {
            throw new IOException($"Cannot write the TensorBoard events file '{Path}': {e.Message}", e);
        }
    }

    /// <summary>Writes the buffered events through to disk (at each checkpoint).</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public void Flush()
    {
        try
        {
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            throw new IOException($"Cannot write the TensorBoard events file '{Path}': {e.Message}", e);
        }
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose() => _stream.Dispose();

    private void Write(byte[] eventBytes) => _stream.Write(TfRecordFraming.Frame(eventBytes));

    private static double WallTime() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>The largest number after <c>tfevents.</c> among the folder's events files (0 when none), so a new file sorts last.</summary>
    private static long LatestTicks(string folder) =>
        Directory.EnumerateFiles(folder, "*tfevents*")
            .Select(f => EventsFileNumber().Match(System.IO.Path.GetFileName(f)))
            .Where(m => m.Success && m.Groups[1].Value.Length <= 18)
            .Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Max();

    [GeneratedRegex(@"tfevents\.(\d+)")]
    private static partial Regex EventsFileNumber();
}
