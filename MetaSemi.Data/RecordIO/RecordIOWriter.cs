using System.Globalization;

namespace MetaSemi.Data;

/// <summary>
/// Writes an indexed RecordIO pack: image records into <c>.rec</c> and "key\toffset" lines into
/// <c>.idx</c>, as MXNet's <c>MXIndexedRecordIO</c> and <c>im2rec</c> do.
/// </summary>
public sealed class RecordIOWriter : IDisposable
{
    private readonly FileStream _rec;
    private readonly StreamWriter _idx;
    private readonly HashSet<ulong> _keys = [];

    /// <summary>Creates (overwrites) <paramref name="recPath"/> and <paramref name="idxPath"/>.</summary>
    public RecordIOWriter(string recPath, string idxPath)
    {
        _rec = new FileStream(recPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        _idx = new StreamWriter(idxPath, append: false) { NewLine = "\n" };
    }

    /// <summary>Appends <paramref name="record"/> under <paramref name="key"/> (keys are unique).</summary>
    public void Write(ulong key, ImageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_keys.Add(key))
        {
            throw new ArgumentException($"Key {key} was already written; RecordIO index keys must be unique.", nameof(key));
        }

        long offset = _rec.Position;
        RecordIOFormat.WriteRecord(_rec, record.Pack());
        _idx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}\t{offset}"));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rec.Dispose();
        _idx.Dispose();
    }
}
