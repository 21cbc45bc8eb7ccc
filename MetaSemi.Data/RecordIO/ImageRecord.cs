using System.Buffers.Binary;

namespace MetaSemi.Data;

/// <summary>
/// One MXNet image record: the <c>IRHeader</c> (uint32 flag, float label, uint64 id, uint64 id2; 24
/// bytes little-endian), then, when flag &gt; 0, flag float labels, then the encoded image. With flag 0
/// the single label is the header's label field.
/// </summary>
public sealed class ImageRecord
{
    /// <summary>Size of the packed IRHeader.</summary>
    public const int HeaderBytes = 24;

    /// <summary>Creates a record; more than one label makes a multi-label record (flag = label count).</summary>
    public ImageRecord(IReadOnlyList<float> labels, ulong id, ulong id2, ReadOnlyMemory<byte> image)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            throw new ArgumentException("A record needs at least one label.", nameof(labels));
        }

        Labels = labels.ToArray();
        Id = id;
        Id2 = id2;
        Image = image;
    }

    /// <summary>Labels: one for a plain record, several for a multi-label record.</summary>
    public IReadOnlyList<float> Labels { get; }

    /// <summary>The record id (im2rec: the index from the .lst file).</summary>
    public ulong Id { get; }

    /// <summary>The second id (im2rec writes 0).</summary>
    public ulong Id2 { get; }

    /// <summary>The encoded image (JPEG, PNG…).</summary>
    public ReadOnlyMemory<byte> Image { get; }

    /// <summary>The header flag this record is written with: 0 for one label, else the label count.</summary>
    public uint Flag => Labels.Count == 1 ? 0u : (uint)Labels.Count;

    /// <summary>The record's bytes as MXNet's <c>recordio.pack</c> makes them.</summary>
    public byte[] Pack()
    {
        int labelBytes = Flag == 0 ? 0 : 4 * Labels.Count;
        var bytes = new byte[HeaderBytes + labelBytes + Image.Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Flag);
        BinaryPrimitives.WriteSingleLittleEndian(span[4..], Flag == 0 ? Labels[0] : 0f);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], Id);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], Id2);
        for (int i = 0; i < labelBytes / 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[(HeaderBytes + (4 * i))..], Labels[i]);
        }

        Image.Span.CopyTo(span[(HeaderBytes + labelBytes)..]);
        return bytes;
    }

    /// <summary>Parses a record's bytes (<c>recordio.unpack</c>).</summary>
    /// <exception cref="DataFormatException">The bytes are too short for the header or the labels its flag announces.</exception>
    public static ImageRecord Unpack(byte[] bytes, string path, long offset)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < HeaderBytes)
        {
            throw DataFormatException.AtOffset(path, offset, $"record of {bytes.Length} bytes; expected at least the {HeaderBytes}-byte IRHeader.");
        }

        var span = bytes.AsSpan();
        uint flag = BinaryPrimitives.ReadUInt32LittleEndian(span);
        float label = BinaryPrimitives.ReadSingleLittleEndian(span[4..]);
        ulong id = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]);
        ulong id2 = BinaryPrimitives.ReadUInt64LittleEndian(span[16..]);
        if (flag > (bytes.Length - HeaderBytes) / 4)
        {
            throw DataFormatException.AtOffset(path, offset,
                $"IRHeader flag {flag} announces {flag} labels, but only {bytes.Length - HeaderBytes} bytes follow the header.");
        }

        var labels = new float[flag == 0 ? 1 : flag];
        if (flag == 0)
        {
            labels[0] = label;
        }
        else
        {
            for (int i = 0; i < flag; i++)
            {
                labels[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(HeaderBytes + (4 * i))..]);
            }
        }

        int imageStart = HeaderBytes + (flag == 0 ? 0 : 4 * (int)flag);
        return new ImageRecord(labels, id, id2, bytes.AsMemory(imageStart));
    }
}
