using System.Security.Cryptography;
using System.Text;

namespace MetaSemi.Data;

/// <summary>Where on-disk image caches live (docs/design.md §8).</summary>
public static class ImageCacheLocation
{
    /// <summary>
    /// The per-user default: <c>$XDG_CACHE_HOME/metasemi/image-cache</c>, else <c>~/.cache/metasemi/image-cache</c>
    /// (on Windows the local application data folder). Per user rather than per run, so that every run on the
    /// same folder at the same size reuses one decode.
    /// </summary>
    public static string DefaultRoot
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string baseDir = !string.IsNullOrEmpty(xdg) ? xdg
                : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(baseDir, "metasemi", "image-cache");
        }
    }

    /// <summary>
    /// The cache folder of <paramref name="folder"/> decoded at <paramref name="imageSize"/> with <paramref name="crop"/>
    /// under <paramref name="cacheRoot"/>: the folder's name and a hash of its full path, size and crop, so that two
    /// folders or two sizes never share a cache.
    /// </summary>
    public static string For(string cacheRoot, string folder, int imageSize, string crop)
    {
        ArgumentNullException.ThrowIfNull(cacheRoot);
        ArgumentNullException.ThrowIfNull(folder);
        string full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{full}\n{imageSize}\n{crop}"));
        string name = new([.. Path.GetFileName(full).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        return Path.Combine(cacheRoot, $"{(name.Length == 0 ? "root" : name)}-{imageSize}px-{Convert.ToHexStringLower(hash)[..16]}");
    }
}
