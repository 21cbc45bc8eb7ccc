using Microsoft.Win32.SafeHandles;
using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// Reads images from a cache's <c>pixels.u8</c> a batch at a time with positioned reads (safe from several threads),
/// greyed per batch when the run is grey. Only the batch being read is in this process's memory; the operating
/// system's page cache keeps the hot part of the file without counting against the process (docs/design.md §8).
/// </summary>
internal sealed class ImageCacheReader : IPixelRows, IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly long _imageBytes;
    private readonly int _imageSize;
    private readonly int _channels;

    /// <summary>Opens <paramref name="path"/>, which must hold exactly <paramref name="count"/> RGB images of side <paramref name="imageSize"/>.</summary>
    /// <exception cref="DataFormatException">The file's length is not count × 3 × size².</exception>
    public ImageCacheReader(string path, int count, int imageSize, int channels)
    {
        _imageSize = imageSize;
        _imageBytes = 3L * imageSize * imageSize;
        _channels = channels;
        Count = count;
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        long length = RandomAccess.GetLength(_file);
        if (length != count * _imageBytes)
        {
            _file.Dispose();
            throw DataFormatException.InFile(path, $"is {length} bytes; {count} images of 3×{imageSize}×{imageSize} need {count * _imageBytes}.");
        }
    }

    public long Count { get; }

    public torch.Tensor Gather(long[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var buffer = new byte[rows.Length * _imageBytes];
        for (int i = 0; i < rows.Length; i++)
        {
            ReadExactly(rows[i], 1, buffer.AsSpan((int)(i * _imageBytes), (int)_imageBytes));
        }

        return ToTensor(buffer, rows.Length);
    }

    public torch.Tensor Range(long start, long count)
    {
        var buffer = new byte[count * _imageBytes];
        ReadExactly(start, count, buffer);
        return ToTensor(buffer, count);
    }

    public void Dispose() => _file.Dispose();

    private void ReadExactly(long row, long count, Span<byte> target)
    {
        if (row < 0 || row + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Rows [{row}, {row + count}) lie outside the cache's {Count} images.");
        }

        long offset = row * _imageBytes;
        while (!target.IsEmpty)
        {
            int read = RandomAccess.Read(_file, target, offset);
            if (read == 0)
            {
                throw new EndOfStreamException($"The image cache ended at byte {offset}; it was changed while open.");
            }

            target = target[read..];
            offset += read;
        }
    }

    private torch.Tensor ToTensor(byte[] buffer, long count) =>
        ImagePreprocessor.ToChannels(torch.tensor(buffer, [count, 3, _imageSize, _imageSize], torch.ScalarType.Byte), _channels);
}
