using System.Text;

namespace MetaSemi.Files;

/// <summary>
/// Writes a file so that a reader (or a crash) sees either the old content or the new, never a part:
/// the bytes go to <c>&lt;path&gt;.tmp</c>, are flushed to disk, and the temporary file is renamed over
/// <c>&lt;path&gt;</c>. A failed write (disk full, read-only folder) deletes the temporary file and
/// raises an <see cref="IOException"/> that names the target file.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of the temporary file beside the target (a leftover of a killed write, see <see cref="DeleteLeftovers"/>).</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes what <paramref name="write"/> puts into the stream to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it and says why.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        write(buffer);
        WriteAllBytes(path, buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void WriteAllBytes(string path, ReadOnlyMemory<byte> bytes) => Commit(path, stream =>
    {
        int half = bytes.Length / 2;
        stream.Write(bytes.Span[..half]);
        FaultInjection.Reach(path, "half");
        stream.Write(bytes.Span[half..]);
    });

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, atomically (the copy is flushed before the rename), streamed.</summary>
    /// <exception cref="IOException">The copy cannot be written (the message names <paramref name="destination"/>) or the source cannot be read.</exception>
    public static void Copy(string source, string destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        Commit(destination, target =>
        {
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read);
            var chunk = new byte[81920];
            long half = input.Length / 2, copied = 0;
            for (int read; (read = input.Read(chunk, 0, (int)Math.Min(chunk.Length, copied < half ? half - copied : chunk.Length))) > 0;)
            {
                target.Write(chunk, 0, read);
                copied += read;
                if (copied == half)
                {
                    FaultInjection.Reach(destination, "half");
                }
            }
        });
    }

    /// <summary>The temporary file, filled by <paramref name="fill"/>, flushed to disk, renamed over <paramref name="path"/>; on failure deleted.</summary>
    private static void Commit(string path, Action<Stream> fill)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string temporary = path + TemporarySuffix;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                FaultInjection.Reach(path, "open");
                fill(stream);
                stream.Flush(flushToDisk: true);
            }

            FaultInjection.Reach(path, "flushed");
            File.Move(temporary, path, overwrite: true);
            FaultInjection.Reach(path, "renamed");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new IOException($"Cannot write '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Deletes the temporary files (<c>*.tmp</c>) directly in <paramref name="folder"/> that writes killed
    /// mid-way left behind, and returns their names. Call it only while no other process writes the folder
    /// (with its <see cref="RunFolderLock"/> held).
    /// </summary>
    /// <exception cref="IOException">A leftover cannot be deleted; the message names it.</exception>
    public static IReadOnlyList<string> DeleteLeftovers(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var deleted = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder, "*" + TemporarySuffix, SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Cannot delete '{path}', left behind by an interrupted write: {e.Message}", e);
            }

            deleted.Add(Path.GetFileName(path));
        }

        return deleted;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure is the one to report; a leftover is deleted at the next start.
        }
    }
}
