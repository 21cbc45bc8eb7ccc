using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace MetaSemi.Models.Pretrained;

/// <summary>
/// Frozen features kept on disk (docs/pretrained.md, "Linear probe"), so that a network's features of an image set are
/// computed once: a file per key in a folder, named by the key's SHA-256, holding the key itself (checked on read), the
/// row and column counts and the float32 values. A file that is missing, of another key, of another format version or
/// damaged (shorter or longer than its header says) is recomputed and replaced; the replacement is written to a
/// temporary file first and moved into place, so a killed run leaves the old file or the new one, never half of one.
/// </summary>
public static class FeatureCache
{
    private static readonly byte[] Magic = "MSFEAT01"u8.ToArray();

    /// <summary>
    /// The features stored under <paramref name="key"/> in <paramref name="directory"/>, or those of
    /// <paramref name="compute"/> (then stored) when there are none or they cannot be used.
    /// </summary>
    /// <param name="directory">The cache folder (created when missing).</param>
    /// <param name="key">Everything the features depend on: network, weights, image size, data set, images.</param>
    /// <param name="compute">Makes the N×D features (float32) when the cache cannot answer.</param>
    /// <returns>The features and why they were computed (null when they came from the file).</returns>
    public static (Tensor Features, string? Computed) GetOrCompute(string directory, string key, Func<Tensor> compute)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(compute);
        string path = PathOf(directory, key);
        string? reason = TryRead(path, key, out var cached);
        if (reason is null)
        {
            return (cached!, null);
        }

        var features = compute().to(float32).contiguous();
        Write(path, key, features);
        return (features, reason);
    }

    /// <summary>The file that holds <paramref name="key"/>'s features in <paramref name="directory"/>.</summary>
    public static string PathOf(string directory, string key) =>
        Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".features");

    private static string? TryRead(string path, string key, out Tensor? features)
    {
        features = null;
        if (!File.Exists(path))
        {
            return "not cached yet";
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                return $"'{path}' is not a feature file of this version";
            }

            if (reader.ReadString() != key)
            {
                return $"'{path}' holds the features of another key";
            }

            long rows = reader.ReadInt64(), columns = reader.ReadInt64();
            if (rows < 0 || columns < 1 || stream.Length - stream.Position != rows * columns * sizeof(float))
            {
                return $"'{path}' is damaged: its size does not match its {rows}×{columns} header";
            }

            var values = new float[rows * columns];
            reader.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            features = tensor(values, [rows, columns]);
            return null;
        }
        catch (EndOfStreamException)
        {
            return $"'{path}' is damaged: it ends inside its header";
        }
    }

    private static void Write(string path, string key, Tensor features)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(key);
            writer.Write(features.shape[0]);
            writer.Write(features.shape[1]);
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.data<float>().ToArray().AsSpan()));
        }

        File.Move(temporary, path, overwrite: true);
    }
}
