namespace MetaSemi.Data;

/// <summary>
/// The images of an im2rec pack (<c>prefix.rec</c>, <c>prefix.idx</c>, <c>prefix.lst</c>): order and
/// labels (the first label of each line) come from the <c>.lst</c>, bytes from the <c>.rec</c> through
/// the index. Reads are serialised on one file handle; decoding runs in parallel elsewhere.
/// </summary>
public sealed class RecordIOImageSet : EncodedImageSet, IDisposable
{
    private readonly RecordIOReader _reader;
    private readonly ulong[] _keys;
    private readonly long[] _labels;
    private readonly IReadOnlyList<string> _classes;
    private readonly Lock _gate = new();

    private RecordIOImageSet(RecordIOReader reader, ulong[] keys, long[] labels, IReadOnlyList<string> classes)
    {
        _reader = reader;
        _keys = keys;
        _labels = labels;
        _classes = classes;
    }

    /// <inheritdoc />
    public override int Count => _keys.Length;

    /// <inheritdoc />
    public override IReadOnlyList<string> ClassNames => _classes;

    /// <inheritdoc />
    public override IReadOnlyList<long> Labels => _labels;

    /// <summary>Opens <paramref name="prefix"/>.rec/.idx/.lst; class names default to "0", "1", … up to the largest label.</summary>
    /// <exception cref="DataFormatException">A label is not a non-negative integer, or outside <paramref name="classNames"/>, or a key is not in the index.</exception>
    public static RecordIOImageSet Open(string prefix, IReadOnlyList<string>? classNames = null)
    {
        string lst = prefix + ".lst";
        var entries = ImageListFile.Read(lst);
        var labels = new long[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            float l = entries[i].Labels[0];
            if (l < 0 || l != MathF.Floor(l) || (classNames is not null && l >= classNames.Count))
            {
                throw DataFormatException.AtItem(lst, i + 1, $"label {l} is not a class index{(classNames is null ? "" : $" in [0, {classNames.Count})")}.");
            }

            labels[i] = (long)l;
        }

        var classes = classNames ?? ImageDataset.NumberedClassNames(labels.Length == 0 ? 1 : (int)labels.Max() + 1);
        var reader = new RecordIOReader(prefix + ".rec", prefix + ".idx");
        var known = reader.Keys.ToHashSet();
        var keys = entries.Select(e => e.Index).ToArray();
        int missing = Array.FindIndex(keys, k => !known.Contains(k));
        if (missing >= 0)
        {
            reader.Dispose();
            throw DataFormatException.AtItem(lst, missing + 1, $"index {keys[missing]} is not in {prefix}.idx.");
        }

        return new RecordIOImageSet(reader, keys, labels, classes);
    }

    /// <inheritdoc />
    public override byte[] ReadEncoded(int index)
    {
        lock (_gate)
        {
            return _reader.Read(_keys[index]).Image.ToArray();
        }
    }

    /// <inheritdoc />
    public override string Describe(int index) => $"{_reader.RecPath} record {_keys[index]}";

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
