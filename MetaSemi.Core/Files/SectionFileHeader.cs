using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetaSemi.Files;

/// <summary>The JSON header of a <see cref="SectionFile"/>.</summary>
internal sealed class SectionFileHeader
{
    [JsonPropertyName("metadata")]
    public JsonElement Metadata { get; set; }

    [JsonPropertyName("sections")]
    public List<SectionFileEntry> Sections { get; set; } = [];
}

/// <summary>One section's entry in the header: its name, length and SHA-256 (lower-case hex).</summary>
internal sealed class SectionFileEntry
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("length")]
    public long Length { get; set; }

    [JsonPropertyName("sha256")]
    public string Sha256 { get; set; } = "";
}

[JsonSerializable(typeof(SectionFileHeader))]
internal sealed partial class SectionFileJson : JsonSerializerContext
{
}
