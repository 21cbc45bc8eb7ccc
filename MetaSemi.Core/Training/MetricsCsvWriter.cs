using System.Globalization;
using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>
/// Writes a run folder's <c>metrics.csv</c> (docs/design.md §6): a header <c>step,&lt;metric&gt;,…</c> — the common training
/// metrics (<see cref="MetricNames.Training"/>), then any other metric of the algorithm in the order it first
/// reported them, then the times and the test accuracies — and one row per step, numbers round-trip in the
/// invariant culture, an empty cell for a metric not reported at that step. A resumed run keeps the file's
/// header; a metric that is not one of its columns is an error, not dropped.
/// </summary>
public sealed class MetricsCsvWriter : IDisposable
{
    /// <summary>The file name in a run folder.</summary>
    public const string FileName = "metrics.csv";

    private static readonly string[] Trailing = [MetricNames.DataSeconds, MetricNames.ComputeSeconds, MetricNames.TestAccuracy, MetricNames.TestTop5Accuracy];

    private readonly string _path;
    private string[]? _header;
    private StreamWriter? _writer;

    /// <summary>
    /// Opens <c>metrics.csv</c> in <paramref name="folder"/> for a run that has completed
    /// <paramref name="completedSteps"/> steps: rows past that step (written by an earlier attempt after its
    /// last checkpoint, and about to be written again) and a last row cut short by a crash are dropped first.
    /// </summary>
    public MetricsCsvWriter(string folder, long completedSteps)
        : this(System.IO.Path.Combine(folder ?? throw new ArgumentNullException(nameof(folder)), FileName), completedSteps, true)
    {
    }

    private MetricsCsvWriter(string path, long completedSteps, bool createFolder)
    {
        if (createFolder)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        }

        _path = path;
        if (File.Exists(_path))
        {
            MetricsCsvRows.DropRowsAfter(_path, completedSteps);
        }

        if (File.Exists(_path))
        {
            using var reader = new StreamReader(_path);
            _header = [.. (reader.ReadLine() ?? string.Empty).Split(',').Select(h => h.Trim())];
        }
    }

    /// <summary>A writer for a metrics file of another name (as <see cref="MetricsCsvWriter(string, long)"/> otherwise).</summary>
    public static MetricsCsvWriter ForFile(string path, long completedSteps)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new MetricsCsvWriter(path, completedSteps, true);
    }

    /// <summary>The file written.</summary>
    public string FilePath => _path;

    /// <summary>Appends one row; the first row of a new file fixes the header.</summary>
    /// <exception cref="InvalidDataException">A value's name is not a column of the existing file.</exception>
    /// <exception cref="IOException">The file cannot be written (a full disk); the message names it.</exception>
    public void Append(long step, IReadOnlyDictionary<string, double> values, bool flush = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        try
        {
            Write(step, values, flush);
        }
        catch (IOException e)
        {
            throw new IOException($"Cannot write '{_path}': {e.Message}", e);
        }
    }

    private void Write(long step, IReadOnlyDictionary<string, double> values, bool flush)
    {
        if (_header is null)
        {
            _header = [MetricNames.Step, .. MetricNames.Training, .. values.Keys.Where(k => !MetricNames.Training.Contains(k) && !Trailing.Contains(k)), .. Trailing];
            _writer = new StreamWriter(_path, append: false);
            _writer.WriteLine(string.Join(',', _header));
        }

        _writer ??= new StreamWriter(_path, append: true);
        string? unknown = values.Keys.FirstOrDefault(k => Array.IndexOf(_header, k) < 1);
        if (unknown is not null)
        {
            throw new InvalidDataException($"'{_path}': metric '{unknown}' is not a column of this file ({string.Join(", ", _header.Skip(1))}); a resumed run must report the metrics of the run that wrote it.");
        }

        _writer.Write(step.ToString(CultureInfo.InvariantCulture));
        foreach (string name in _header.Skip(1))
        {
            _writer.Write(',');
            if (values.TryGetValue(name, out double value) && !double.IsNaN(value))
            {
                _writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        _writer.WriteLine();
        if (flush)
        {
            _writer.Flush();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writer?.Dispose();
}
