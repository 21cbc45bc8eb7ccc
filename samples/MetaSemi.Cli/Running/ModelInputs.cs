using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Files;
using MetaSemi.Models;

namespace MetaSemi.Cli.Running;

/// <summary>
/// The network a command evaluates: a model file (<c>model.metasemi</c>: architecture, classes and preprocessing
/// inside, no <c>-a</c> needed) or a checkpoint (built from <c>-a</c>, as before).
/// </summary>
internal sealed class ModelInputs : IDisposable
{
    private ModelInputs(FeatureModel model, long step, string arch, ModelDescription? description)
    {
        Model = model;
        Step = step;
        Arch = arch;
        Description = description;
    }

    public FeatureModel Model { get; }

    /// <summary>The training step of the weights (0 when a model file does not say).</summary>
    public long Step { get; }

    /// <summary>The architecture, from the model file or <c>-a</c>.</summary>
    public string Arch { get; }

    /// <summary>The model file's description, or null for a checkpoint.</summary>
    public ModelDescription? Description { get; }

    /// <summary>The model file's description when <paramref name="path"/> is one, else null (a checkpoint).</summary>
    public static ModelDescription? Describe(string path, string flag)
    {
        if (!ModelFile.IsModelFile(path))
        {
            return null;
        }

        try
        {
            return ModelFile.ReadDescription(path);
        }
        catch (InvalidDataException e)
        {
            throw new CliUserException($"{flag} '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads <paramref name="path"/> for data of <paramref name="classNames"/> and <paramref name="channels"/>:
    /// a model file must match them (and <paramref name="arch"/> when <paramref name="archGiven"/>), else the error says how in words.
    /// </summary>
    public static ModelInputs Load(string path, string flag, string arch, bool archGiven, IReadOnlyList<string> classNames, int channels)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (Describe(path, flag) is not { } description)
        {
            DatasetInputs.RequireArchitecture(arch);
            var model = DatasetInputs.CreateModel(arch, classNames.Count, channels);
            try
            {
                var info = DatasetInputs.LoadCheckpoint(path, model, arch, flag);
                return new ModelInputs(model, info.Step, arch, null);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        if (!description.ClassNames.SequenceEqual(classNames, StringComparer.Ordinal) || description.Preprocessing.Channels != channels)
        {
            throw new CliUserException(string.Create(CultureInfo.InvariantCulture,
                $"{flag} '{path}' is a {description.Architecture} model for {description.ClassNames.Count} classes ({string.Join(", ", description.ClassNames)}) of {description.Preprocessing.Channels}-channel images; the data has {classNames.Count} classes ({string.Join(", ", classNames)}) of {channels}-channel images."));
        }

        try
        {
            var loaded = ZooModelFile.Load(path, archGiven ? arch : null);
            return new ModelInputs(loaded.Model, description.Training?.Steps ?? 0, description.Architecture, description);
        }
        catch (InvalidDataException e)
        {
            throw new CliUserException($"{flag} '{path}': {e.Message}{(archGiven ? " Leave out -a/--arch: a model file names its architecture." : string.Empty)}", e);
        }
    }

    public void Dispose() => Model.Dispose();
}
