using System.Globalization;
using System.Text.Json;

namespace MetaSemi.Comparison;

/// <summary>
/// What a run folder records about how it was started: <c>options.json</c> (the trainer's options and the
/// algorithm's, written by the trainer) and <c>args.json</c> (the command's flags, written by the CLI). Either
/// may be missing (folders of other tools); a file that is there but not a JSON object is an error naming it.
/// </summary>
public sealed class RunRecords
{
    /// <summary>The file name of the flags a run was started with.</summary>
    public const string ArgsFileName = "args.json";

    private RunRecords(JsonElement? options, JsonElement? args)
    {
        Options = options;
        Args = args;
    }

    /// <summary>The root object of <c>options.json</c>; null without the file.</summary>
    public JsonElement? Options { get; }

    /// <summary>The root object of <c>args.json</c>; null without the file.</summary>
    public JsonElement? Args { get; }

    /// <summary>The algorithm's registry name: <c>options.json</c>'s <c>Algorithm</c>, else <c>args.json</c>'s <c>algorithm</c>; null when neither says.</summary>
    public string? Algorithm => Text(Options, RunOptionsFile.AlgorithmProperty) ?? Text(Args, "algorithm");

    /// <summary>The algorithm's options (<c>options.json</c>'s <c>AlgorithmOptions</c>); null when absent.</summary>
    public JsonElement? AlgorithmOptions => Property(Options, "AlgorithmOptions") is { ValueKind: JsonValueKind.Object } o ? o : null;

    /// <summary>The number of labelled training images (<c>args.json</c>'s <c>num-label</c>); null when not recorded.</summary>
    public int? LabelCount => Integer(Args, "num-label");

    /// <summary>The data set's name (<c>args.json</c>'s <c>dataset</c>); null when not recorded.</summary>
    public string? Dataset => Text(Args, "dataset");

    /// <summary>Reads the records of <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidDataException">A file is not a JSON object; the message names it.</exception>
    public static RunRecords Read(string folder) =>
        new(ReadObject(Path.Combine(folder, RunOptionsFile.FileName)), ReadObject(Path.Combine(folder, ArgsFileName)));

    /// <summary>The property <paramref name="name"/> of an object (null when the object or the property is missing).</summary>
    public static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A string property, or a number's invariant text; null when missing.</summary>
    public static string? Text(JsonElement? element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    /// <summary>A number property (or a string holding one); null when missing.</summary>
    public static double? Number(JsonElement? element, string name) =>
        Text(element, name) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A boolean property (or a string "true"/"false"); null when missing.</summary>
    public static bool? Boolean(JsonElement? element, string name) => Text(element, name) switch
    {
        "true" or "True" => true,
        "false" or "False" => false,
        _ => null,
    };

    private static int? Integer(JsonElement? element, string name) =>
        Text(element, name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static JsonElement? ReadObject(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new InvalidDataException($"{path}: expected a JSON object, found {document.RootElement.ValueKind}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }
}
