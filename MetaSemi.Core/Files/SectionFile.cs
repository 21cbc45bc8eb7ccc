using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MetaSemi.Files;

/// <summary>
/// A file of named binary sections, each with a SHA-256, behind a JSON header (docs/formats/section-file.md):
/// checkpoints (format 2) and model files use it. <see cref="Read"/> checks the kind, the version and every
/// checksum, and names the damaged part of the file in its message.
/// </summary>
public sealed class SectionFile
{
    /// <summary>The format version this class writes and reads (checkpoint format 1 had no sections).</summary>
    public const int FormatVersion = 2;

    private readonly Dictionary<string, byte[]> _sections;

    private SectionFile(string path, string kind, JsonElement metadata, Dictionary<string, byte[]> sections, IReadOnlyList<string> order)
    {
        Path = path;
        Kind = kind;
        Metadata = metadata;
        _sections = sections;
        SectionNames = order;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The kind string at the start of the file (for example <c>MetaSemi.NET checkpoint</c>).</summary>
    public string Kind { get; }

    /// <summary>The header's metadata object.</summary>
    public JsonElement Metadata { get; }

    /// <summary>The sections' names in file order.</summary>
    public IReadOnlyList<string> SectionNames { get; }

    /// <summary>Whether the file has a section called <paramref name="name"/>.</summary>
    public bool Has(string name) => _sections.ContainsKey(name);

    /// <summary>The bytes of section <paramref name="name"/> (verified against its SHA-256 when the file was read).</summary>
    /// <exception cref="InvalidDataException">The file has no such section.</exception>
    public byte[] Get(string name) =>
        _sections.TryGetValue(name, out var bytes)
            ? bytes
            : throw new InvalidDataException($"'{Path}' has no '{name}' section (it has: {string.Join(", ", SectionNames)}).");

    /// <summary>A read-only stream over section <paramref name="name"/>.</summary>
    public MemoryStream Open(string name) => new(Get(name), writable: false);

    /// <summary>Whether the file at <paramref name="path"/> starts with <paramref name="kind"/> and format version <see cref="FormatVersion"/> or later.</summary>
    public static bool IsSectionFile(string path, string kind)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            return reader.ReadString() == kind && reader.ReadInt32() >= FormatVersion;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            return false;
        }
    }

    /// <summary>Reads and verifies a whole file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">The kind string the file must start with.</param>
    /// <exception cref="InvalidDataException">Wrong kind or version, truncated, or a checksum does not match; the message names the file and the part.</exception>
    public static SectionFile Read(string path, string kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(kind);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        string found;
        int version;
        try
        {
            found = reader.ReadString();
            version = reader.ReadInt32();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is not a {kind} file (its header cannot be read).", e);
        }

        if (found != kind)
        {
            throw new InvalidDataException($"'{path}' is not a {kind} file (it starts with '{Shorten(found)}').");
        }

        if (version != FormatVersion)
        {
            throw new InvalidDataException($"'{path}' is {kind} format {version}; this version reads format {FormatVersion} here.");
        }

        int headerLength = reader.ReadInt32();
        if (headerLength <= 0 || headerLength > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"'{path}' is damaged: its header length {headerLength} does not fit the file ({stream.Length} bytes).");
        }

        byte[] header = ReadExactly(reader, headerLength, path, "header");
        byte[] headerHash = ReadExactly(reader, 32, path, "header checksum");
        if (!SHA256.HashData(header).AsSpan().SequenceEqual(headerHash))
        {
            throw new InvalidDataException($"'{path}' is damaged: the header's SHA-256 does not match.");
        }

        SectionFileHeader parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(header, SectionFileJson.Default.SectionFileHeader)
                ?? throw new InvalidDataException($"'{path}' has an empty header.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is damaged: its header is not valid JSON ({e.Message}).", e);
        }

        var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var entry in parsed.Sections)
        {
            if (entry.Length < 0 || entry.Length > stream.Length - stream.Position)
            {
                throw new InvalidDataException($"'{path}' is damaged or truncated: section '{entry.Name}' needs {entry.Length} bytes, {stream.Length - stream.Position} are left.");
            }

            byte[] bytes = ReadExactly(reader, checked((int)entry.Length), path, $"section '{entry.Name}'");
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), entry.Sha256, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"'{path}' is damaged: section '{entry.Name}' does not match its SHA-256.");
            }

            sections[entry.Name] = bytes;
            order.Add(entry.Name);
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException($"'{path}' is damaged: {stream.Length - stream.Position} bytes follow its last section.");
        }

        return new SectionFile(path, kind, parsed.Metadata.Clone(), sections, order);
    }

    private static byte[] ReadExactly(BinaryReader reader, int count, string path, string part)
    {
        byte[] bytes = reader.ReadBytes(count);
        if (bytes.Length != count)
        {
            throw new InvalidDataException($"'{path}' is truncated: its {part} ends after {bytes.Length} of {count} bytes.");
        }

        return bytes;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
