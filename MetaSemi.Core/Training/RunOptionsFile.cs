using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MetaSemi;

/// <summary>The run folder's <c>options.json</c>: what ran (the algorithm's name and options, the trainer's options, the data and model).</summary>
public static class RunOptionsFile
{
    /// <summary>The file name in a run folder.</summary>
    public const string FileName = "options.json";

    /// <summary>The JSON property holding the algorithm's registry name.</summary>
    public const string AlgorithmProperty = "Algorithm";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary><paramref name="value"/> as this file writes it, with its property <paramref name="property"/> set to null.</summary>
    internal static JsonNode Without(object value, string property)
    {
        var node = JsonSerializer.SerializeToNode(value, JsonOptions)!;
        node[property] = null;
        return node;
    }

    /// <summary>Writes <paramref name="description"/> as <c>options.json</c> in <paramref name="folder"/>, atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void Write(string folder, object description)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        Files.AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(description, JsonOptions));
    }

    /// <summary>The JSON property holding the run's identity.</summary>
    public const string RunIdProperty = "RunId";

    /// <summary>The algorithm name recorded in a run folder's <c>options.json</c>, or null when the file or the name is missing.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON; the message names it.</exception>
    public static string? ReadAlgorithm(string folder) => ReadString(folder, AlgorithmProperty);

    /// <summary>The run id recorded in a run folder's <c>options.json</c>, or null when the file or the id is missing (runs before ids).</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON; the message names it.</exception>
    public static string? ReadRunId(string folder) => ReadString(folder, RunIdProperty);

    private static string? ReadString(string folder, string property)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(property, out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }
}
