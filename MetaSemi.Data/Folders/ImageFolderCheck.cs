using System.Runtime.InteropServices;

namespace MetaSemi.Data;

/// <summary>What one readable image file holds.</summary>
/// <param name="Path">The file.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="IsGrey">Whether every pixel has R = G = B.</param>
public sealed record ImageFileInfo(string Path, int Width, int Height, bool IsGrey);

/// <summary>The images of one part of the layout (a class of <c>labeled/</c> or <c>test/</c>, or <c>unlabeled/</c>).</summary>
/// <param name="Part">labeled, unlabeled or test.</param>
/// <param name="ClassName">The class, or null for <c>unlabeled/</c>.</param>
/// <param name="Images">The readable images.</param>
public sealed record ImageGroupReport(string Part, string? ClassName, IReadOnlyList<ImageFileInfo> Images);

/// <summary>
/// A scan of a user's folders before a long run (<c>metasemi check-data</c>): every image decoded once,
/// counts per class, sizes, grey or colour, every unreadable file with its reason, every ignored file.
/// </summary>
/// <param name="Layout">The files as listed.</param>
/// <param name="Groups">Readable images per class and part, labelled classes first, then unlabelled, then test classes.</param>
/// <param name="Unreadable">Files that cannot be decoded, with the decoder's reason.</param>
public sealed record ImageFolderReport(ImageFolderLayout Layout, IReadOnlyList<ImageGroupReport> Groups, IReadOnlyList<SkippedImage> Unreadable)
{
    /// <summary>Decodes every image under <paramref name="root"/> (in parallel) and reports.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">The layout itself is wrong (see <see cref="ImageFolderLayout.Scan"/>).</exception>
    public static ImageFolderReport Check(string root)
    {
        var layout = ImageFolderLayout.Scan(root);
        var groups = new List<(string Part, string? Class, string[] Files)>();
        groups.AddRange(layout.ClassNames.Select((name, c) => ("labeled", (string?)name, layout.Labeled.Where(f => f.Label == c).Select(f => f.Path).ToArray())));
        if (layout.Unlabeled.Count > 0)
        {
            groups.Add(("unlabeled", null, layout.Unlabeled.ToArray()));
        }

        if (layout.Test is { } test)
        {
            groups.AddRange(layout.ClassNames.Select((name, c) => ("test", (string?)name, test.Where(f => f.Label == c).Select(f => f.Path).ToArray())));
        }

        var unreadable = new List<SkippedImage>();
        var reports = new List<ImageGroupReport>();
        foreach (var (part, name, files) in groups)
        {
            var infos = new ImageFileInfo?[files.Length];
            var errors = new string?[files.Length];
            Parallel.For(0, files.Length, i =>
            {
                try
                {
                    infos[i] = Inspect(files[i]);
                }
                catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
                {
                    errors[i] = e.Message.StartsWith(files[i] + ": ", StringComparison.Ordinal) ? e.Message[(files[i].Length + 2)..] : e.Message;
                }
            });
            unreadable.AddRange(files.Select((f, i) => errors[i] is { } r ? new SkippedImage(f, r) : null).OfType<SkippedImage>());
            reports.Add(new ImageGroupReport(part, name, infos.OfType<ImageFileInfo>().ToArray()));
        }

        return new ImageFolderReport(layout, reports, unreadable);
    }

    private static ImageFileInfo Inspect(string path)
    {
        using var bitmap = ImageDecoder.Decode(File.ReadAllBytes(path), path);
        var pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        bool grey = true;
        foreach (uint p in pixels)
        {
            // RGBA8888 little-endian: R in the low byte.
            byte r = (byte)p, g = (byte)(p >> 8), b = (byte)(p >> 16);
            if (r != g || g != b)
            {
                grey = false;
                break;
            }
        }

        return new ImageFileInfo(path, bitmap.Width, bitmap.Height, grey);
    }
}
