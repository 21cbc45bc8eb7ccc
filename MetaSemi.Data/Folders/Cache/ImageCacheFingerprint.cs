using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MetaSemi.Data;

/// <summary>
/// What a cache was built from: the files' paths relative to the folder, their sizes and last-write times, hashed
/// (SHA-256). A file added, removed, renamed, resized or rewritten changes it (docs/design.md §8).
/// </summary>
internal static class ImageCacheFingerprint
{
    /// <summary>The hash (lower-case hex) of <paramref name="files"/> under <paramref name="root"/>, in the given order.</summary>
    public static string Compute(string root, IReadOnlyList<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            string line = string.Create(CultureInfo.InvariantCulture, $"{relative}\t{(info.Exists ? info.Length : -1)}\t{(info.Exists ? info.LastWriteTimeUtc.Ticks : 0)}\n");
            hash.AppendData(Encoding.UTF8.GetBytes(line));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
