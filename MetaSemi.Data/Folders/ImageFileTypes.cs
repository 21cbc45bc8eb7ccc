namespace MetaSemi.Data;

/// <summary>The image files a user's folders may hold (docs/design.md §8): JPEG, PNG, BMP, WebP and GIF (first frame), by extension.</summary>
public static class ImageFileTypes
{
    /// <summary>The extensions read, lower case with the dot.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif"];

    /// <summary>Whether <paramref name="path"/> has one of <see cref="Extensions"/> (case-insensitive).</summary>
    public static bool IsImage(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
}
