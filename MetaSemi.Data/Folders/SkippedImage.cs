namespace MetaSemi.Data;

/// <summary>An image file that could not be decoded, and why (the decoder's message).</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">What went wrong.</param>
public sealed record SkippedImage(string Path, string Reason)
{
    /// <summary>The name of the run-folder file listing skipped images, one <c>path: reason</c> per line.</summary>
    public const string ListFileName = "skipped-images.txt";

    /// <summary>Writes <paramref name="skipped"/> to <paramref name="path"/>, one <c>path: reason</c> per line (an empty file when none).</summary>
    public static void WriteList(string path, IEnumerable<SkippedImage> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        File.WriteAllLines(path, skipped.Select(s => $"{s.Path}: {s.Reason}"));
    }
}
