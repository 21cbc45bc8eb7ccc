using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace MetaSemi.Data;

/// <summary>
/// Reads MATLAB level-5 MAT files (what <c>save -v7</c> writes, e.g. SVHN's <c>*_32x32.mat</c>), for
/// the subset data sets use: little-endian files whose top-level elements are numeric matrices
/// (<c>miMATRIX</c>), stored plainly or zlib-compressed (<c>miCOMPRESSED</c>). Real, non-sparse numeric
/// arrays are decoded; other classes are listed with null data. Every size is checked against the
/// bytes that can hold it before anything is allocated.
/// </summary>
public static class MatFileReader
{
    private const int HeaderBytes = 128;
    private const uint MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6;
    private const uint MiSingle = 7, MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15;
    private const int ComplexFlag = 0x0800;

    /// <summary>Reads every top-level variable of <paramref name="path"/>, by name.</summary>
    /// <exception cref="DataFormatException">The file is not a level-5 MAT file of the supported subset, or is corrupt.</exception>
    public static IReadOnlyDictionary<string, MatArray> Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        long length = file.Length;
        var header = new byte[HeaderBytes];
        StreamReading.Fill(file, header, path, 0, "the 128-byte MAT header");
        if (header[126] == 'M' && header[127] == 'I')
        {
            throw DataFormatException.AtOffset(path, 126, "big-endian MAT file; only little-endian files are supported.");
        }

        if (header[126] != 'I' || header[127] != 'M')
        {
            throw DataFormatException.AtOffset(path, 126, "missing endian indicator 'IM'; expected a MATLAB level-5 MAT file.");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(124));
        if (version != 0x0100)
        {
            throw DataFormatException.AtOffset(path, 124,
                $"version 0x{version:x4}; expected 0x0100 (level 5; MATLAB 7.3 HDF5 files are not supported, save with -v7).");
        }

        var arrays = new Dictionary<string, MatArray>(StringComparer.Ordinal);
        long offset = HeaderBytes;
        Span<byte> tag = stackalloc byte[8];
        while (offset < length)
        {
            if (length - offset < 8)
            {
                throw DataFormatException.AtOffset(path, offset, $"{length - offset} stray bytes; expected an 8-byte element tag or the end of the file.");
            }

            StreamReading.Fill(file, tag, path, offset, "an element tag");
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(tag);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(tag[4..]);
            long start = offset + 8;
            if (size > length - start)
            {
                throw DataFormatException.AtOffset(path, offset, $"element of {size} bytes, but only {length - start} bytes remain in the file.");
            }

            MatArray array;
            if (type == MiMatrix)
            {
                var body = new BoundedStream(file, size);
                array = ReadMatrix(body, size, path, $"in the matrix element at byte {offset}", start);
                if (body.Remaining != 0)
                {
                    throw DataFormatException.AtOffset(path, start + size - body.Remaining,
                        $"{body.Remaining} unused bytes at the end of the matrix element at byte {offset}; expected none.");
                }
            }
            else if (type == MiCompressed)
            {
                array = ReadCompressed(file, size, path, offset);
            }
            else
            {
                throw DataFormatException.AtOffset(path, offset, $"top-level element of type {type}; expected {MiMatrix} (miMATRIX) or {MiCompressed} (miCOMPRESSED).");
            }

            if (!arrays.TryAdd(array.Name, array))
            {
                throw DataFormatException.AtOffset(path, offset, $"a second variable named '{array.Name}'; expected unique names.");
            }

            offset = start + size;
            file.Position = offset;
        }

        return arrays;
    }

    private static MatArray ReadCompressed(FileStream file, uint size, string path, long offset)
    {
        string where = $"in the compressed element at byte {offset} (offsets inside are decompressed bytes)";
        try
        {
            using var zlib = new ZLibStream(new BoundedStream(file, size), CompressionMode.Decompress, leaveOpen: true);
            Span<byte> tag = stackalloc byte[8];
            StreamReading.Fill(zlib, tag, path, offset, "the tag of a compressed element");
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(tag);
            uint inner = BinaryPrimitives.ReadUInt32LittleEndian(tag[4..]);
            if (type != MiMatrix)
            {
                throw DataFormatException.AtOffset(path, offset, $"compressed element holds type {type}; expected {MiMatrix} (miMATRIX).");
            }

            long bound = (size * StreamReading.MaxDeflateRatio) + 4096;
            if (inner > bound)
            {
                throw DataFormatException.AtOffset(path, offset, $"compressed matrix claims {inner} bytes, more than {size} compressed bytes can hold.");
            }

            var body = new BoundedStream(zlib, inner);
            var array = ReadMatrix(body, inner, path, where, 8);
            if (body.Remaining != 0)
            {
                throw DataFormatException.AtOffset(path, offset, $"{body.Remaining} unused bytes at the end of the compressed matrix; expected none.");
            }

            return array;
        }
        catch (InvalidDataException e)
        {
            throw DataFormatException.AtOffset(path, offset, $"corrupt zlib data in the compressed element: {e.Message}", e);
        }
    }

    /// <summary>Reads the sub-elements of a matrix: flags, dimensions, name, real part.</summary>
    private static MatArray ReadMatrix(BoundedStream body, long size, string path, string where, long baseOffset)
    {
        DataFormatException Bad(string what) =>
            DataFormatException.AtOffset(path, baseOffset + (size - body.Remaining), $"{where}: {what}");

        var (flagsType, flags) = ReadSubElement(body, path, baseOffset, size, where, 16);
        if (flagsType != MiUInt32 || flags.Length != 8)
        {
            throw Bad($"array flags of type {flagsType} and {flags.Length} bytes; expected type {MiUInt32} (miUINT32) and 8 bytes.");
        }

        int flagWord = BinaryPrimitives.ReadInt32LittleEndian(flags);
        int classCode = flagWord & 0xff;
        if (classCode < (int)MatClass.Cell || classCode > (int)MatClass.UInt64)
        {
            throw Bad($"array class {classCode}; expected 1..15.");
        }

        var matClass = (MatClass)classCode;

        var (dimsType, dimBytes) = ReadSubElement(body, path, baseOffset, size, where, 4096);
        if (dimsType != MiInt32 || dimBytes.Length < 8 || dimBytes.Length % 4 != 0)
        {
            throw Bad($"dimensions of type {dimsType} and {dimBytes.Length} bytes; expected type {MiInt32} (miINT32) with at least 2 dimensions.");
        }

        var dims = new int[dimBytes.Length / 4];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32LittleEndian(dimBytes.AsSpan(4 * i));
            if (dims[i] < 0)
            {
                throw Bad($"dimension {i} is {dims[i]}; expected a non-negative size.");
            }

            count = Math.Min(count * dims[i], long.MaxValue / int.MaxValue);
        }

        var (nameType, nameBytes) = ReadSubElement(body, path, baseOffset, size, where, 4096);
        if (nameType != MiInt8)
        {
            throw Bad($"array name of type {nameType}; expected {MiInt8} (miINT8).");
        }

        string name = Encoding.ASCII.GetString(nameBytes);
        if (matClass < MatClass.Double || matClass == MatClass.Sparse)
        {
            // Classes outside the numeric subset are listed but not decoded; their bytes are skipped.
            body.Skip(body.Remaining, path);
            return new MatArray(name, matClass, dims, null);
        }

        if ((flagWord & ComplexFlag) != 0)
        {
            throw Bad($"variable '{name}' is complex; only real arrays are supported.");
        }

        long offsetBefore = size - body.Remaining;
        var (dataType, raw) = ReadSubElement(body, path, baseOffset, size, where, long.MaxValue, expectedElements: count, variable: name);
        return new MatArray(name, matClass, dims, Convert(raw, dataType, matClass, count,
            () => DataFormatException.AtOffset(path, baseOffset + offsetBefore, $"{where}: variable '{name}' has data of type {dataType}, which cannot hold class {matClass}.")));
    }

    /// <summary>Reads one tagged sub-element (normal or small format) and its padding to 8 bytes.</summary>
    private static (uint Type, byte[] Data) ReadSubElement(
        BoundedStream body, string path, long baseOffset, long size, string where, long maxBytes, long expectedElements = -1, string? variable = null)
    {
        long at = baseOffset + (size - body.Remaining);
        Span<byte> tag = stackalloc byte[8];
        body.Fill(tag, path, at, $"a sub-element tag {where}");
        uint word = BinaryPrimitives.ReadUInt32LittleEndian(tag);
        if ((word >> 16) != 0)
        {
            // Small data element: type and size share the first word, data sits in the second.
            uint smallType = word & 0xffff;
            int smallSize = (int)(word >> 16);
            if (smallSize > 4)
            {
                throw DataFormatException.AtOffset(path, at, $"{where}: small data element of {smallSize} bytes; expected at most 4.");
            }

            CheckElementCount(path, at, where, smallType, smallSize, expectedElements, variable);
            return (smallType, tag.Slice(4, smallSize).ToArray());
        }

        uint type = word;
        uint bytes = BinaryPrimitives.ReadUInt32LittleEndian(tag[4..]);
        if (bytes > body.Remaining || bytes > maxBytes)
        {
            throw DataFormatException.AtOffset(path, at,
                $"{where}: sub-element of {bytes} bytes, but {Math.Min(body.Remaining, maxBytes)} at most can be here.");
        }

        CheckElementCount(path, at, where, type, bytes, expectedElements, variable);
        if (bytes > Array.MaxLength)
        {
            throw DataFormatException.AtOffset(path, at, $"{where}: sub-element of {bytes} bytes; at most {Array.MaxLength} are supported.");
        }

        var data = new byte[bytes];
        body.Fill(data, path, at + 8, $"sub-element data {where}");
        long padding = (8 - (bytes % 8)) % 8;
        if (padding > 0)
        {
            if (padding > body.Remaining)
            {
                throw DataFormatException.AtOffset(path, at + 8 + bytes, $"{where}: missing padding to 8 bytes after a sub-element.");
            }

            body.Skip(padding, path);
        }

        return (type, data);
    }

    private static void CheckElementCount(string path, long at, string where, uint type, long bytes, long expected, string? variable)
    {
        if (expected < 0)
        {
            return;
        }

        int width = TypeWidth(type);
        if (width == 0)
        {
            throw DataFormatException.AtOffset(path, at, $"{where}: variable '{variable}' has data type {type}; expected a numeric MAT data type.");
        }

        if (bytes != expected * width)
        {
            throw DataFormatException.AtOffset(path, at,
                $"{where}: variable '{variable}' has {bytes} data bytes; its dimensions need {expected} elements × {width} bytes = {expected * width}.");
        }
    }

    private static int TypeWidth(uint type) => type switch
    {
        MiInt8 or MiUInt8 => 1,
        MiInt16 or MiUInt16 => 2,
        MiInt32 or MiUInt32 or MiSingle => 4,
        MiDouble or MiInt64 or MiUInt64 => 8,
        _ => 0,
    };

    /// <summary>Converts stored values to the array's class (MATLAB may store a class in a narrower type).</summary>
    private static Array Convert(byte[] raw, uint type, MatClass matClass, long count, Func<DataFormatException> mismatch)
    {
        switch (matClass)
        {
            case MatClass.UInt8 when type == MiUInt8:
                return raw;
            case MatClass.Int64 when type == MiInt64:
                return MemoryMarshal.Cast<byte, long>(raw).ToArray();
            case MatClass.UInt64 when type == MiUInt64:
                return MemoryMarshal.Cast<byte, ulong>(raw).ToArray();
            case MatClass.Double when type == MiDouble:
                return MemoryMarshal.Cast<byte, double>(raw).ToArray();
            case MatClass.UInt8 or MatClass.Int64 or MatClass.UInt64:
                // 64-bit integers stored in a narrower type, or uint8 stored otherwise: convert exactly.
                if (type is MiDouble or MiSingle || (matClass == MatClass.UInt8 && TypeWidth(type) > 1))
                {
                    throw mismatch();
                }

                var values = ToDoubles(raw, type, (int)count);
                return matClass switch
                {
                    MatClass.UInt8 => values.Select(v => v < 0 ? throw mismatch() : (byte)v).ToArray(),
                    MatClass.Int64 => values.Select(v => (long)v).ToArray(),
                    _ => values.Select(v => v < 0 ? throw mismatch() : (ulong)v).ToArray(),
                };
            default:
                if (type is MiInt64 or MiUInt64)
                {
                    throw mismatch();
                }

                return ToDoubles(raw, type, (int)count);
        }
    }

    private static double[] ToDoubles(byte[] raw, uint type, int count)
    {
        var result = new double[count];
        var span = raw.AsSpan();
        for (int i = 0; i < count; i++)
        {
            result[i] = type switch
            {
                MiInt8 => (sbyte)span[i],
                MiUInt8 => span[i],
                MiInt16 => BinaryPrimitives.ReadInt16LittleEndian(span[(2 * i)..]),
                MiUInt16 => BinaryPrimitives.ReadUInt16LittleEndian(span[(2 * i)..]),
                MiInt32 => BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]),
                MiUInt32 => BinaryPrimitives.ReadUInt32LittleEndian(span[(4 * i)..]),
                MiSingle => BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]),
                MiDouble => BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]),
                _ => throw new InvalidOperationException($"Unexpected MAT data type {type}."),
            };
        }

        return result;
    }
}
