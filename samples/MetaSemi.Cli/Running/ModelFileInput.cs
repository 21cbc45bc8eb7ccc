using MetaSemi.Cli.Commands;
using MetaSemi.Files;
using MetaSemi.Models;

namespace MetaSemi.Cli.Running;

/// <summary>
/// Reads a model file (docs/formats/section-file.md) into a zoo network with the library's reader
/// (<see cref="ZooModelFile.Load"/>), naming the flag when the file cannot be used.
/// </summary>
internal static class ModelFileInput
{
    public static (FeatureModel Model, ModelDescription Description) Load(string path, string flag)
    {
        if (!File.Exists(path))
        {
            throw new CliUserException($"{flag} '{path}' does not exist.");
        }

        try
        {
            var loaded = ZooModelFile.Load(path);
            return (loaded.Model, loaded.Description);
        }
        catch (InvalidDataException e)
        {
            throw new CliUserException($"{flag} '{path}' is not a readable model file: {e.Message}", e);
        }
    }
}
