using System.IO.Compression;

namespace MetaSemi.Data;

/// <summary>Reads that name the file and offset when the data ends early.</summary>
internal static class StreamReading
{
    /// <summary>Deflate cannot expand data by more than about 1032:1; a header that claims more lies.</summary>
    public const long MaxDeflateRatio = 1032;

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="stream"/> or throws a <see cref="DataFormatException"/>.</summary>
    public static void Fill(Stream stream, Span<byte> buffer, string path, long offset, string what)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer[total..]);
                if (n == 0)
                {
                    throw DataFormatException.AtOffset(path, offset + total,
                        $"the data ends early: expected {buffer.Length} bytes of {what}, found {total}.");
                }

                total += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw DataFormatException.AtOffset(path, offset + total, $"corrupt compressed data while reading {what}: {e.Message}", e);
        }
    }

    /// <summary>True when the stream has no byte left (compressed streams: corruption counts as an error).</summary>
    public static bool AtEnd(Stream stream, string path, long offset)
    {
        try
        {
            return stream.ReadByte() < 0;
        }
        catch (InvalidDataException e)
        {
            throw DataFormatException.AtOffset(path, offset, $"corrupt compressed data at the end: {e.Message}", e);
        }
    }

    /// <summary>Opens <paramref name="path"/>, transparently decompressing gzip (detected by its magic bytes).</summary>
    public static Stream OpenMaybeGzip(string path, out bool compressed, out long fileLength)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        fileLength = file.Length;
        Span<byte> magic = stackalloc byte[2];
        int n = file.Read(magic);
        file.Position = 0;
        compressed = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        return compressed ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
