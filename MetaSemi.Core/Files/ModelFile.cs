using System.Reflection;
using System.Text.Json;
using TorchSharp;

namespace MetaSemi.Files;

/// <summary>
/// The self-describing model file of docs/design.md §8 (docs/formats/section-file.md): a <see cref="SectionFile"/> of
/// kind <see cref="Kind"/> whose metadata is a <see cref="ModelDescription"/> (camelCase JSON) and whose one
/// section <c>model</c> is the network's TorchSharp state dict. Loading needs nothing else: the description
/// names the architecture, the classes and the preprocessing; <c>ImageClassifier.Load</c> (MetaSemi.Models)
/// rebuilds the network from it.
/// </summary>
public static class ModelFile
{
    /// <summary>The kind string a model file starts with.</summary>
    public const string Kind = "MetaSemi.NET model";

    /// <summary>The name training gives the model file in its run folder, beside <c>checkpoint</c> and <c>model_best</c>.</summary>
    public const string FileName = "model.metasemi";

    /// <summary>The section holding the state dict.</summary>
    public const string ModelSection = "model";

    /// <summary>
    /// Writes <paramref name="model"/>'s weights and buffers with <paramref name="description"/> to
    /// <paramref name="path"/> atomically. <see cref="TrainingSummary.LibraryVersion"/> is filled in when missing.
    /// </summary>
    /// <exception cref="ArgumentException">The description is incomplete (no class names, channels not 1 or 3, a mean/std count that is not the channel count).</exception>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void Save(string path, torch.nn.Module model, ModelDescription description)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(description);
        Validate(description, "description");
        var stamped = description with
        {
            Training = (description.Training ?? new TrainingSummary()) is var t && t.LibraryVersion is null ? t with { LibraryVersion = LibraryVersion } : t,
        };
        using var weights = new MemoryStream();
        using (var writer = new BinaryWriter(weights, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            model.save(writer);
        }

        var metadata = JsonSerializer.SerializeToElement(stamped, ModelDescriptionJson.Default.ModelDescription);
        new SectionFileWriter().Add(ModelSection, weights.ToArray()).Write(path, Kind, metadata);
    }

    /// <summary>Whether <paramref name="path"/> is a model file (by its first bytes; a checkpoint is not).</summary>
    public static bool IsModelFile(string path) => File.Exists(path) && SectionFile.IsSectionFile(path, Kind);

    /// <summary>Reads only the description of the model file at <paramref name="path"/> (the weights are verified but not loaded).</summary>
    /// <exception cref="InvalidDataException">Not a model file, damaged, or its metadata is not a complete description; the message names the file.</exception>
    public static ModelDescription ReadDescription(string path) => Describe(SectionFile.Read(path, Kind));

    /// <summary>
    /// Loads the weights of the model file at <paramref name="path"/> into <paramref name="model"/> (built for
    /// the description's architecture, classes and channels) and returns the description.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a model file, damaged, or its weights do not fit <paramref name="model"/>; the message names the file.</exception>
    public static ModelDescription LoadWeights(string path, torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = SectionFile.Read(path, Kind);
        var description = Describe(file);
        using var stream = file.Open(ModelSection);
        using var reader = new BinaryReader(stream);
        try
        {
            model.load(reader, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException)
        {
            throw new InvalidDataException($"'{path}' holds {description.Architecture} weights that do not fit the network it was loaded into: {e.Message}", e);
        }

        return description;
    }

    /// <summary>The version of MetaSemi.NET that writes model files.</summary>
    public static string LibraryVersion { get; } =
        typeof(ModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? typeof(ModelFile).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static ModelDescription Describe(SectionFile file)
    {
        ModelDescription? description;
        try
        {
            description = file.Metadata.Deserialize(ModelDescriptionJson.Default.ModelDescription);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{file.Path}' has a model description that cannot be read: {e.Message}", e);
        }

        if (description is null)
        {
            throw new InvalidDataException($"'{file.Path}' has no model description.");
        }

        try
        {
            Validate(description, file.Path);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{file.Path}' has an incomplete model description: {e.Message}", e);
        }

        return description;
    }

    private static void Validate(ModelDescription d, string where)
    {
        if (string.IsNullOrWhiteSpace(d.Architecture))
        {
            throw new ArgumentException($"{where}: the architecture is empty.", nameof(d));
        }

        if (d.ClassNames.Count == 0)
        {
            throw new ArgumentException($"{where}: there are no class names.", nameof(d));
        }

        var p = d.Preprocessing ?? throw new ArgumentException($"{where}: there is no preprocessing.", nameof(d));
        if (p.Channels is not (1 or 3) || p.ImageSize <= 0 || p.Mean.Count != p.Channels || p.Std.Count != p.Channels || p.Std.Any(s => !(s > 0)))
        {
            throw new ArgumentException(
                $"{where}: the preprocessing must have 1 or 3 channels, a positive image size and one mean and one positive std per channel; got {p.Channels} channel(s), size {p.ImageSize}, {p.Mean.Count} mean(s), {p.Std.Count} std(s).",
                nameof(d));
        }
    }
}
