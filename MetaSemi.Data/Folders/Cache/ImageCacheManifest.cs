using System.Globalization;

namespace MetaSemi.Data;

/// <summary>
/// The small text file beside a cache's pixels (<c>manifest.txt</c>): format version, image count, size, crop,
/// the folder's fingerprint, whether every image is grey, and the files that could not be decoded. Written
/// after the pixels, so a build that stopped half way leaves no manifest and is rebuilt (docs/design.md §8).
/// </summary>
internal sealed class ImageCacheManifest
{
    /// <summary>The format version; a cache of another version is rebuilt.</summary>
    public const int FormatVersion = 1;

    /// <summary>The manifest's file name.</summary>
    public const string FileName = "manifest.txt";

    /// <summary>The pixels' file name: images × 3 × size × size bytes, RGB, channel-major per image.</summary>
    public const string PixelsFileName = "pixels.u8";

    private const string Magic = "metasemi-image-cache";

    public required int Version { get; init; }

    public required int Images { get; init; }

    public required int ImageSize { get; init; }

    public required string Crop { get; init; }

    public required int Files { get; init; }

    public required string Fingerprint { get; init; }

    public required bool Grey { get; init; }

    public required IReadOnlyList<SkippedImage> Skipped { get; init; }

    /// <summary>Bytes of one image in <see cref="PixelsFileName"/>.</summary>
    public long ImageBytes => 3L * ImageSize * ImageSize;

    /// <summary>Writes the manifest to <paramref name="path"/> (skipped files relative to <paramref name="root"/>).</summary>
    public void Write(string path, string root)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{Magic} {Version}"),
            string.Create(CultureInfo.InvariantCulture, $"images {Images}"),
            string.Create(CultureInfo.InvariantCulture, $"image-size {ImageSize}"),
            $"crop {Crop}",
            string.Create(CultureInfo.InvariantCulture, $"files {Files}"),
            $"fingerprint {Fingerprint}",
            $"grey {(Grey ? "true" : "false")}",
            string.Create(CultureInfo.InvariantCulture, $"skipped {Skipped.Count}"),
        };
        lines.AddRange(Skipped.Select(s => $"{Path.GetRelativePath(root, s.Path).Replace('\\', '/')}\t{s.Reason.ReplaceLineEndings(" ")}"));
        File.WriteAllLines(path, lines);
    }

    /// <summary>Reads a manifest, or says in <paramref name="problem"/> why it cannot be used.</summary>
    public static ImageCacheManifest? TryRead(string path, string root, out string problem)
    {
        if (!File.Exists(path))
        {
            problem = "there is no cache yet (or its last build did not finish)";
            return null;
        }

        try
        {
            var lines = File.ReadAllLines(path);
            var header = lines.Length > 0 ? lines[0].Split(' ') : [];
            if (header.Length != 2 || header[0] != Magic || !int.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out int version))
            {
                problem = $"{FileName} does not start with '{Magic} <version>' (damaged)";
                return null;
            }

            if (version != FormatVersion)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"the cache has format version {version}, this build writes {FormatVersion}");
                return null;
            }

            if (lines.Length < 8)
            {
                problem = $"{FileName} is cut short (damaged)";
                return null;
            }

            int skipped = Int(lines[7], "skipped");
            if (lines.Length != 8 + skipped)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"{FileName} lists {lines.Length - 8} skipped files, its header says {skipped} (damaged)");
                return null;
            }

            problem = string.Empty;
            return new ImageCacheManifest
            {
                Version = version,
                Images = Int(lines[1], "images"),
                ImageSize = Int(lines[2], "image-size"),
                Crop = Value(lines[3], "crop"),
                Files = Int(lines[4], "files"),
                Fingerprint = Value(lines[5], "fingerprint"),
                Grey = Value(lines[6], "grey") switch
                {
                    "true" => true,
                    "false" => false,
                    var other => throw new FormatException($"grey '{other}' is not true or false"),
                },
                Skipped = lines.Skip(8).Select(l => l.Split('\t', 2)).Select(p => new SkippedImage(Path.Combine(root, p[0]), p.Length > 1 ? p[1] : string.Empty)).ToArray(),
            };
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            problem = $"{FileName} cannot be read ({e.Message})";
            return null;
        }
    }

    private static string Value(string line, string key) =>
        line.StartsWith(key + " ", StringComparison.Ordinal) ? line[(key.Length + 1)..] : throw new FormatException($"expected '{key} …', got '{line}'");

    private static int Int(string line, string key) =>
        int.TryParse(Value(line, key), NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : throw new FormatException($"'{line}' is not '{key} <count>'");
}
