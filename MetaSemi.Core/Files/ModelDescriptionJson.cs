using System.Text.Json.Serialization;

namespace MetaSemi.Files;

/// <summary>The model file's metadata as camelCase JSON (also what ONNX export writes into <c>metadata_props</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelDescription))]
public sealed partial class ModelDescriptionJson : JsonSerializerContext
{
}
