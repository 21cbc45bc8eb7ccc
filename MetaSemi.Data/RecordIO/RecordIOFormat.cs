using System.Buffers.Binary;

namespace MetaSemi.Data;

/// <summary>
/// The dmlc RecordIO framing that MXNet and DALI read: each part is magic 0xced7230a, a word whose
/// lower 29 bits are the length and upper 3 bits the continuation flag (0 whole, 1 first, 2 middle,
/// 3 last), the data, and zero padding to 4 bytes. A record whose data contains the magic at a 4-byte
/// aligned position is split there (the magic is dropped and restored on reading), as dmlc-core does.
/// </summary>
public static class RecordIOFormat
{
    /// <summary>The magic number that starts every part.</summary>
    public const uint Magic = 0xced7230a;

    private const uint LengthMask = (1u << 29) - 1;

    /// <summary>Writes one record (possibly as several parts); returns the bytes written.</summary>
    public static long WriteRecord(Stream stream, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if ((uint)data.Length > LengthMask)
        {
            throw new ArgumentException($"A record holds at most {LengthMask} bytes; got {data.Length}.", nameof(data));
        }

        long written = 0;
        int start = 0;
        int lowerAlign = data.Length / 4 * 4;
        for (int i = 0; i < lowerAlign; i += 4)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(data[i..]) == Magic)
            {
                written += WritePart(stream, start == 0 ? 1u : 2u, data[start..i]);
                start = i + 4;
            }
        }

        written += WritePart(stream, start != 0 ? 3u : 0u, data[start..]);
        return written;
    }

    private static long WritePart(Stream stream, uint flag, ReadOnlySpan<byte> part)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(head, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], (flag << 29) | (uint)part.Length);
        stream.Write(head);
        stream.Write(part);
        int padding = (4 - (part.Length % 4)) % 4;
        stream.Write(stackalloc byte[padding]);
        return 8 + part.Length + padding;
    }

    /// <summary>
    /// Reads the record starting at <paramref name="stream"/>'s position, or returns null at the end of
    /// the stream. <paramref name="length"/> is the stream's total length (sizes are checked against it
    /// before allocating); <paramref name="path"/> names the file in errors.
    /// </summary>
    /// <exception cref="DataFormatException">Bad magic, a length beyond the file, or a broken part sequence.</exception>
    public static byte[]? ReadRecord(Stream stream, long length, string path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long recordStart = stream.Position;
        if (recordStart == length)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        Span<byte> head = stackalloc byte[8];
        for (int part = 0; ; part++)
        {
            long at = stream.Position;
            if (length - at < 8)
            {
                throw DataFormatException.AtOffset(path, at, $"{length - at} bytes left; expected an 8-byte RecordIO part header.");
            }

            StreamReading.Fill(stream, head, path, at, "a RecordIO part header");
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(head);
            if (magic != Magic)
            {
                throw DataFormatException.AtOffset(path, at, $"bad RecordIO magic 0x{magic:x8}; expected 0x{Magic:x8}.");
            }

            uint word = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
            uint flag = word >> 29;
            int size = (int)(word & LengthMask);
            bool first = part == 0;
            bool valid = first ? flag is 0 or 1 : flag is 2 or 3;
            if (!valid)
            {
                throw DataFormatException.AtOffset(path, at,
                    $"continuation flag {flag} in part {part} of the record at byte {recordStart}; expected {(first ? "0 or 1" : "2 or 3")}.");
            }

            long padded = (size + 3L) / 4 * 4;
            if (padded > length - at - 8)
            {
                throw DataFormatException.AtOffset(path, at, $"part of {size} bytes (padded {padded}), but only {length - at - 8} bytes remain in the file.");
            }

            if (!first)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(head, Magic);
                buffer.Write(head[..4]);
            }

            var data = new byte[padded];
            StreamReading.Fill(stream, data, path, at + 8, "RecordIO data");
            buffer.Write(data, 0, size);
            if (flag is 0 or 3)
            {
                return buffer.ToArray();
            }
        }
    }
}
