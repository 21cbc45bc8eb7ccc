using MetaSemi.Files;

namespace MetaSemi.Models;

/// <summary>A zoo network rebuilt from a model file, and the file's description.</summary>
/// <param name="Model">The network with the file's weights, in evaluation mode, on the CPU.</param>
/// <param name="Description">What the file says about it.</param>
public sealed record LoadedModel(FeatureModel Model, ModelDescription Description) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}

/// <summary>Model files (<see cref="ModelFile"/>) of zoo networks: rebuild the network a file names, or describe a trained one.</summary>
public static class ZooModelFile
{
    /// <summary>Rebuilds the network <paramref name="path"/> describes and loads its weights.</summary>
    /// <param name="path">A model file.</param>
    /// <param name="expectedArchitecture">When given (a command's <c>-a</c>), a file of another architecture is refused in words.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not a model file, damaged, of another architecture than expected, or with architecture arguments this version does not know.</exception>
    public static LoadedModel Load(string path, string? expectedArchitecture = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model file '{path}' does not exist.", path);
        }

        var description = ModelFile.ReadDescription(path);
        if (expectedArchitecture is not null && !string.Equals(expectedArchitecture.Trim(), description.Architecture, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"'{path}' is a {description.Architecture} model with {description.ClassNames.Count} classes, not {expectedArchitecture}.");
        }

        if (!ModelZoo.Architectures.Contains(description.Architecture, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"'{path}' names architecture '{description.Architecture}', which is not in this version's model zoo ({string.Join(", ", ModelZoo.Architectures)}).");
        }

        ZooModelOptions options;
        try
        {
            options = ModelZoo.OptionsFromArguments(description.Architecture, description.ArchitectureArguments);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }

        var model = ModelZoo.Create(description.Architecture, description.ClassNames.Count, description.Preprocessing.Channels, options);
        try
        {
            ModelFile.LoadWeights(path, model);
            model.eval();
            return new LoadedModel(model, description);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="path"/> is a model file rather than a checkpoint.</summary>
    public static bool IsModelFile(string path) => ModelFile.IsModelFile(path);
}
