using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Models;

namespace MetaSemi.Cli.Running;

/// <summary>Loading what a command names on its command line, with errors that say which flag is wrong and why.</summary>
internal static class DatasetInputs
{
    /// <summary>Loads the training or test part of an in-memory data set (cifar10, cifar100, svhn, mnist, fashion-mnist).</summary>
    public static ImageDataset Load(string dataset, string dataPath, bool train)
    {
        if (dataset is "folder" or "folders" or "imagenet")
        {
            // Image folders are decoded on demand (TrainingData, EvaluationImages), never loaded whole.
            throw new CliUserException($"--dataset {dataset}: this command reads the in-memory data sets only (cifar10, cifar100, svhn, mnist, fashion-mnist); image folders work with train, train-baseline, evaluate and plot-features, ImageNet with train-imagenet.");
        }

        if (!Directory.Exists(dataPath))
        {
            throw new CliUserException($"--data-path '{dataPath}' does not exist: it must be the folder holding the {dataset} files.");
        }

        try
        {
            return DatasetLoader.Load(dataset, dataPath, train);
        }
        catch (FileNotFoundException e)
        {
            // The readers name every file name they tried; add which flag points there.
            throw new CliUserException($"{dataset} not found in --data-path '{dataPath}': {e.Message}", e);
        }
    }

    /// <summary>Creates the network, after checking the name against the zoo so the error lists what exists.</summary>
    public static FeatureModel CreateModel(string arch, int numClasses, int inputChannels, ZooModelOptions? options = null)
    {
        RequireArchitecture(arch);
        try
        {
            return ModelZoo.Create(arch, numClasses, inputChannels, options ?? new ZooModelOptions { LoadPretrainedWeights = false });
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            throw new CliUserException($"-a/--arch {arch}: {e.Message}", e);
        }
    }

    /// <summary>Fails before any data is read when -a/--arch names no network of the zoo.</summary>
    public static void RequireArchitecture(string arch)
    {
        if (!ModelZoo.Architectures.Contains(arch, StringComparer.OrdinalIgnoreCase))
        {
            throw new CliUserException($"-a/--arch '{arch}' is not an architecture of the model zoo; choose one of: {string.Join(", ", ModelZoo.Architectures)}.");
        }
    }

    /// <summary>Loads a checkpoint's weights into <paramref name="model"/>, naming the flags when they do not fit together.</summary>
    public static CheckpointInfo LoadCheckpoint(string path, FeatureModel model, string arch, string flag)
    {
        if (!File.Exists(path))
        {
            throw new CliUserException($"{flag} '{path}' does not exist.");
        }

        try
        {
            return Checkpoint.LoadModel(path, model);
        }
        catch (InvalidDataException e)
        {
            throw new CliUserException(Checkpoint.IsModelMismatch(e)
                ? $"{flag} '{path}' does not fit -a/--arch {arch} with {model.NumClasses} classes (is it a checkpoint of another architecture or data set?): {e.Message}"
                : $"{flag} '{path}' cannot be loaded: {e.Message}", e);
        }
    }
}
