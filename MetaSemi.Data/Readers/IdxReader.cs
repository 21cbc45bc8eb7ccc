using System.Buffers.Binary;
using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// Reads MNIST-style IDX files (<c>*-idx3-ubyte</c> images, <c>*-idx1-ubyte</c> labels), plain or
/// gzip-compressed (detected by content, not by name). Only unsigned-byte data (type 0x08) is
/// accepted, which is what MNIST and Fashion-MNIST use.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an idx3 image file as uint8 N×1×H×W.</summary>
    /// <exception cref="DataFormatException">The file is not a valid idx3 unsigned-byte file.</exception>
    public static torch.Tensor ReadImages(string path)
    {
        var (dims, data) = Read(path, expectedDims: 3);
        return torch.tensor(data, [dims[0], 1, dims[1], dims[2]], torch.ScalarType.Byte);
    }

    /// <summary>Reads an idx1 label file as int64, checking every label is below <paramref name="numClasses"/>.</summary>
    /// <exception cref="DataFormatException">The file is not a valid idx1 file or holds a label out of range.</exception>
    public static torch.Tensor ReadLabels(string path, int numClasses)
    {
        var (_, data) = Read(path, expectedDims: 1);
        var labels = new long[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] >= numClasses)
            {
                throw DataFormatException.AtItem(path, i, $"label {data[i]} is outside [0, {numClasses}).");
            }

            labels[i] = data[i];
        }

        return torch.tensor(labels);
    }

    /// <summary>Reads an image file and its label file into a data set.</summary>
    /// <exception cref="DataFormatException">Either file is invalid, or their counts differ.</exception>
    public static ImageDataset Read(string imagesPath, string labelsPath, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var images = ReadImages(imagesPath);
        try
        {
            var labels = ReadLabels(labelsPath, classNames.Count);
            long labelCount = labels.shape[0];
            if (labelCount != images.shape[0])
            {
                labels.Dispose();
                throw DataFormatException.InFile(labelsPath,
                    $"holds {labelCount} labels but {imagesPath} holds {images.shape[0]} images; expected equal counts.");
            }

            return new ImageDataset(images, labels, classNames);
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    /// <summary>Reads the header and payload, checking the claimed size against the file before allocating.</summary>
    private static (int[] Dims, byte[] Data) Read(string path, int expectedDims)
    {
        using var stream = StreamReading.OpenMaybeGzip(path, out bool compressed, out long fileLength);
        Span<byte> word = stackalloc byte[4];
        StreamReading.Fill(stream, word, path, 0, "the IDX magic number");
        if (word[0] != 0 || word[1] != 0)
        {
            throw DataFormatException.AtOffset(path, 0,
                $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(word):x8}; expected 0x0000{UnsignedByteType:x2}{expectedDims:x2} (IDX, unsigned bytes, {expectedDims} dimensions).");
        }

        if (word[2] != UnsignedByteType)
        {
            throw DataFormatException.AtOffset(path, 2, $"data type 0x{word[2]:x2}; expected 0x08 (unsigned byte).");
        }

        if (word[3] != expectedDims)
        {
            throw DataFormatException.AtOffset(path, 3, $"{word[3]} dimensions; expected {expectedDims}.");
        }

        var dims = new int[expectedDims];
        long count = 1;
        for (int d = 0; d < expectedDims; d++)
        {
            StreamReading.Fill(stream, word, path, 4 + (4 * d), $"dimension {d}");
            uint size = BinaryPrimitives.ReadUInt32BigEndian(word);
            if (size > int.MaxValue)
            {
                throw DataFormatException.AtOffset(path, 4 + (4 * d), $"dimension {d} is {size}; expected at most {int.MaxValue}.");
            }

            dims[d] = (int)size;
            if (size != 0 && count > long.MaxValue / size)
            {
                throw DataFormatException.AtOffset(path, 4 + (4 * d), $"dimensions {string.Join("×", dims.Take(d + 1))} multiply beyond any file size.");
            }

            count *= size;
        }

        long headerBytes = 4 + (4 * expectedDims);
        if (!compressed && headerBytes + count != fileLength)
        {
            throw DataFormatException.InFile(path,
                $"the header claims {count} data bytes ({string.Join("×", dims)}) after a {headerBytes}-byte header, so the file should be {headerBytes + count} bytes; it is {fileLength}.");
        }

        if (compressed && count > (fileLength * StreamReading.MaxDeflateRatio) + 4096)
        {
            throw DataFormatException.InFile(path,
                $"the header claims {count} data bytes ({string.Join("×", dims)}), more than a {fileLength}-byte gzip file can hold.");
        }

        if (count > Array.MaxLength)
        {
            throw DataFormatException.InFile(path, $"the header claims {count} data bytes; at most {Array.MaxLength} are supported.");
        }

        var data = new byte[count];
        StreamReading.Fill(stream, data, path, headerBytes, "image/label data");
        if (compressed && !StreamReading.AtEnd(stream, path, headerBytes + count))
        {
            throw DataFormatException.AtOffset(path, headerBytes + count,
                "unexpected data after the last item (decompressed offset); expected the end of the file.");
        }

        return (dims, data);
    }
}
