using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace MetaSemi.Cli.Commands;

/// <summary>
/// Writes a command's parsed options as the run folder's <c>args.json</c> (docs/design.md §6 "the arguments the
/// run was called with"), keyed by flag name, so <c>--config args.json</c> replays the run.
/// </summary>
internal static class CommandOptionsJson
{
    /// <summary>The file name a run folder uses.</summary>
    public const string FileName = "args.json";

    // Not options of a run: where the options came from, and how errors are shown.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "Config", "Verbose" };

    /// <summary>Writes <paramref name="options"/> to <paramref name="path"/> atomically (temporary file, flushed, renamed).</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void Write<TOptions>(TOptions options, string path)
        where TOptions : class
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        MetaSemi.Files.AtomicFile.WriteAllBytes(path, ToBytes(options));
    }

    /// <summary>The content <see cref="Write"/> gives the file (indented UTF-8 JSON).</summary>
    public static byte[] ToBytes<TOptions>(TOptions options)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && !Skipped.Contains(p.Name)))
            {
                var value = property.GetValue(options);
                if (value is null)
                {
                    continue;
                }

                // The algorithm's generated flags are flags of the command: one key each, so that --config replays them.
                if (value is AlgorithmFlagValues generated)
                {
                    foreach (var (flag, text) in generated.Values)
                    {
                        writer.WriteString(flag, text);
                    }

                    continue;
                }

                writer.WritePropertyName(ConfigFile.ToKebabCase(property.Name));
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int whole:
                writer.WriteNumberValue(whole);
                break;
            case double number:
                writer.WriteRawValue(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case ImageNetFormat format:
                writer.WriteStringValue(format.ToString().ToLowerInvariant());
                break;
            case Enum choice:
                writer.WriteStringValue(ConfigFile.ToKebabCase(choice.ToString()));
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"Cannot write an option of type {value.GetType().Name} to {FileName}.");
        }
    }
}
