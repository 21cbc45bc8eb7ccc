using System.Text.Json;
using MetaSemi.Cli.Commands;
using MetaSemi.Files;
using MetaSemi.Models;

namespace MetaSemi.Cli.Running;

/// <summary>
/// Reads a model file as docs/formats/section-file.md defines it (kind <c>MetaSemi.NET model</c>, a
/// camelCase <see cref="ModelDescription"/> as metadata, the network's TorchSharp state dict in section
/// <c>model</c>) into a zoo network. A stand-in for the library's model-file reader until that lands.
/// </summary>
internal static class ModelFileInput
{
    public const string Kind = "MetaSemi.NET model";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    public static (FeatureModel Model, ModelDescription Description) Load(string path, string flag)
    {
        if (!File.Exists(path))
        {
            throw new CliUserException($"{flag} '{path}' does not exist.");
        }

        ModelDescription description;
        SectionFile file;
        try
        {
            file = SectionFile.Read(path, Kind);
            description = file.Metadata.Deserialize<ModelDescription>(Json)
                ?? throw new InvalidDataException($"'{path}' has no model description in its header.");
        }
        catch (InvalidDataException e)
        {
            throw new CliUserException($"{flag} '{path}' is not a readable model file: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new CliUserException($"{flag} '{path}': its model description is not valid: {e.Message}", e);
        }

        var model = DatasetInputs.CreateModel(description.Architecture, description.ClassNames.Count, description.Preprocessing.Channels);
        try
        {
            using var weights = file.Open("model");
            using var reader = new BinaryReader(weights);
            model.load(reader, strict: true);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or EndOfStreamException)
        {
            model.Dispose();
            throw new CliUserException($"{flag} '{path}': its weights do not fit {description.Architecture} with {description.ClassNames.Count} classes: {e.Message}", e);
        }

        return (model, description);
    }
}
