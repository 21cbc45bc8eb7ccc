using System.Text.Json;

namespace MetaSemi.Tests.Distributed;

/// <summary>
/// The files through which MpiProbe ranks hand results to the tests: one JSON object of named
/// number arrays per rank and scenario. Compiled into both the tests and MetaSemi.Tests.MpiProbe.
/// </summary>
public static class ProbeResults
{
    // NaN stands for "not measured" (no evaluation yet), as in the trainer's results.
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The result file of <paramref name="scenario"/> on <paramref name="rank"/> in <paramref name="folder"/>.</summary>
    public static string PathFor(string folder, string scenario, int rank) => Path.Combine(folder, $"{scenario}.rank{rank}.json");

    /// <summary>Writes <paramref name="values"/> atomically (write then rename), so a reader never sees half a file.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, double[]> values)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(values, Options));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    public static Dictionary<string, double[]> Read(string path) =>
        JsonSerializer.Deserialize<Dictionary<string, double[]>>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path} holds no result object.");
}
