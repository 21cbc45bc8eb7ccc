using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MetaSemi.Files;

/// <summary>
/// Writes a <see cref="SectionFile"/>: add sections, then <see cref="Write"/> the file atomically
/// (a temporary file beside it, flushed to disk, then renamed over the target).
/// </summary>
public sealed class SectionFileWriter
{
    private readonly List<(string Name, byte[] Bytes)> _sections = [];

    /// <summary>Adds a section.</summary>
    /// <exception cref="ArgumentException">A section of that name was added already.</exception>
    public SectionFileWriter Add(string name, byte[] bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(bytes);
        if (_sections.Any(s => s.Name == name))
        {
            throw new ArgumentException($"Section '{name}' was added twice.", nameof(name));
        }

        _sections.Add((name, bytes));
        return this;
    }

    /// <summary>Adds a section written by <paramref name="write"/>.</summary>
    public SectionFileWriter Add(string name, Action<BinaryWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return Add(name, buffer.ToArray());
    }

    /// <summary>Writes the file atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="kind">The kind string the file starts with (checked by <see cref="SectionFile.Read"/>).</param>
    /// <param name="metadata">A JSON object for the header.</param>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public void Write(string path, string kind, JsonElement metadata)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(kind);
        var header = new SectionFileHeader
        {
            Metadata = metadata,
            Sections = _sections.Select(s => new SectionFileEntry
            {
                Name = s.Name,
                Length = s.Bytes.LongLength,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(s.Bytes)),
            }).ToList(),
        };
        byte[] headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, SectionFileJson.Default.SectionFileHeader);
        string temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8))
            {
                FaultInjection.Reach(path, "open");
                writer.Write(kind);
                writer.Write(SectionFile.FormatVersion);
                writer.Write(headerBytes.Length);
                writer.Write(headerBytes);
                writer.Write(SHA256.HashData(headerBytes));
                for (int i = 0; i < _sections.Count; i++)
                {
                    if (i == _sections.Count / 2)
                    {
                        writer.Flush();
                        FaultInjection.Reach(path, "half");
                    }

                    writer.Write(_sections[i].Bytes);
                }

                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            FaultInjection.Reach(path, "flushed");
            File.Move(temporary, path, overwrite: true);
            FaultInjection.Reach(path, "renamed");
        }
        catch (IOException e)
        {
            TryDelete(temporary);
            throw new IOException($"Cannot write '{path}': {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            TryDelete(temporary);
            throw new IOException($"Cannot write '{path}': {e.Message}", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure is the one to report.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
