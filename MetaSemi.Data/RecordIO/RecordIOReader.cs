using System.Globalization;

namespace MetaSemi.Data;

/// <summary>
/// Random access to an indexed RecordIO pack (<c>.rec</c> + <c>.idx</c>), or sequential reading of a
/// <c>.rec</c> alone. Not thread-safe: give each thread its own reader.
/// </summary>
public sealed class RecordIOReader : IDisposable
{
    private readonly FileStream _rec;
    private readonly long _length;
    private readonly Dictionary<ulong, long> _offsets = [];

    /// <summary>Opens <paramref name="recPath"/> with its index <paramref name="idxPath"/> (null: sequential reading only).</summary>
    /// <exception cref="DataFormatException">An index line is malformed, repeats a key, or points outside the .rec file.</exception>
    public RecordIOReader(string recPath, string? idxPath = null)
    {
        RecPath = recPath;
        _rec = new FileStream(recPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        _length = _rec.Length;
        var keys = new List<ulong>();
        if (idxPath is not null)
        {
            try
            {
                int line = 0;
                foreach (string text in File.ReadLines(idxPath))
                {
                    line++;
                    if (text.Trim().Length == 0)
                    {
                        continue;
                    }

                    string[] fields = text.Split('\t');
                    if (fields.Length != 2
                        || !ulong.TryParse(fields[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong key)
                        || !long.TryParse(fields[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long offset))
                    {
                        throw DataFormatException.AtItem(idxPath, line, $"'{text}' is not 'key<TAB>offset' with non-negative integers.");
                    }

                    if (offset % 4 != 0 || offset >= _length)
                    {
                        throw DataFormatException.AtItem(idxPath, line, $"offset {offset} is not a 4-byte aligned position inside {recPath} ({_length} bytes).");
                    }

                    if (!_offsets.TryAdd(key, offset))
                    {
                        throw DataFormatException.AtItem(idxPath, line, $"key {key} appears twice.");
                    }

                    keys.Add(key);
                }
            }
            catch
            {
                _rec.Dispose();
                throw;
            }
        }

        Keys = keys;
    }

    /// <summary>The .rec file.</summary>
    public string RecPath { get; }

    /// <summary>Keys of the index, in index order (empty without an index).</summary>
    public IReadOnlyList<ulong> Keys { get; }

    /// <summary>Reads the record stored under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The index has no such key.</exception>
    /// <exception cref="DataFormatException">The record is corrupt.</exception>
    public ImageRecord Read(ulong key)
    {
        if (!_offsets.TryGetValue(key, out long offset))
        {
            throw new KeyNotFoundException($"Key {key} is not in the index of {RecPath}.");
        }

        _rec.Position = offset;
        var bytes = RecordIOFormat.ReadRecord(_rec, _length, RecPath)
            ?? throw DataFormatException.AtOffset(RecPath, offset, "the index points at the end of the file; expected a record.");
        return ImageRecord.Unpack(bytes, RecPath, offset);
    }

    /// <summary>Reads every record from the start of the file, in file order.</summary>
    /// <exception cref="DataFormatException">A record is corrupt.</exception>
    public IEnumerable<ImageRecord> ReadAll()
    {
        long position = 0;
        while (true)
        {
            _rec.Position = position;
            var bytes = RecordIOFormat.ReadRecord(_rec, _length, RecPath);
            if (bytes is null)
            {
                yield break;
            }

            var record = ImageRecord.Unpack(bytes, RecPath, position);
            position = _rec.Position;
            yield return record;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _rec.Dispose();
}
