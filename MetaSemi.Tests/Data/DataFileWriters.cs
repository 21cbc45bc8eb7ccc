using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MetaSemi.Tests.Data;

/// <summary>Writes the real on-disk formats, independently of the readers, so that tests can round-trip.</summary>
internal static class DataFileWriters
{
    public static byte[] Idx(int[] dims, byte[] data)
    {
        using var ms = new MemoryStream();
        ms.Write([0, 0, 0x08, (byte)dims.Length]);
        Span<byte> word = stackalloc byte[4];
        foreach (int d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, d);
            ms.Write(word);
        }

        ms.Write(data);
        return ms.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(data);
        }

        return ms.ToArray();
    }

    /// <summary>CIFAR records: label byte(s) then 3072 pixel bytes.</summary>
    public static byte[] Cifar(byte[][] labelBytes, byte[] pixels)
    {
        using var ms = new MemoryStream();
        for (int i = 0; i < labelBytes.Length; i++)
        {
            ms.Write(labelBytes[i]);
            ms.Write(pixels, i * 3072, 3072);
        }

        return ms.ToArray();
    }

    /// <summary>A MAT level-5 file with the given matrix elements (each already a full element).</summary>
    public static byte[] MatFile(params byte[][] elements)
    {
        using var ms = new MemoryStream();
        var header = new byte[128];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, written by MetaSemi tests").CopyTo(header, 0);
        for (int i = 46; i < 116; i++)
        {
            header[i] = (byte)' ';
        }

        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(124), 0x0100);
        header[126] = (byte)'I';
        header[127] = (byte)'M';
        ms.Write(header);
        foreach (var e in elements)
        {
            ms.Write(e);
        }

        return ms.ToArray();
    }

    /// <summary>An miMATRIX element: class code, dims, name, real data stored as MAT type <paramref name="dataType"/>.</summary>
    public static byte[] MatMatrix(int classCode, int[] dims, string name, uint dataType, byte[] data)
    {
        using var body = new MemoryStream();
        var flags = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(flags, classCode);
        SubElement(body, 6, flags);
        var dimBytes = new byte[4 * dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(dimBytes.AsSpan(4 * i), dims[i]);
        }

        SubElement(body, 5, dimBytes);
        var nameBytes = Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length <= 4)
        {
            // MATLAB writes short names in the small-element format.
            var small = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(small, (uint)((nameBytes.Length << 16) | 1));
            nameBytes.CopyTo(small, 4);
            body.Write(small);
        }
        else
        {
            SubElement(body, 1, nameBytes);
        }

        SubElement(body, dataType, data);
        using var ms = new MemoryStream();
        var tag = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, 14);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.AsSpan(4), (uint)body.Length);
        ms.Write(tag);
        body.WriteTo(ms);
        return ms.ToArray();
    }

    /// <summary>Wraps an element into an miCOMPRESSED element (zlib).</summary>
    public static byte[] MatCompressed(byte[] element)
    {
        using var z = new MemoryStream();
        using (var zlib = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(element);
        }

        var tag = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, 15);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.AsSpan(4), (uint)z.Length);
        return [.. tag, .. z.ToArray()];
    }

    private static void SubElement(Stream s, uint type, byte[] data)
    {
        var tag = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, type);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.AsSpan(4), (uint)data.Length);
        s.Write(tag);
        s.Write(data);
        s.Write(new byte[(8 - (data.Length % 8)) % 8]);
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "metasemi-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] bytes)
    {
        string p = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        System.IO.File.WriteAllBytes(p, bytes);
        return p;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
