using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Files;

namespace MetaSemi.Cli.Running;

/// <summary>
/// The training or test images of a data set as <c>evaluate</c> and <c>plot-features</c> read them:
/// an in-memory data set (cifar10, …, fashion-mnist) with its test transform, or (<c>--dataset folder</c>)
/// <c>train/</c> or <c>val/</c> (or <c>test/</c>) image folders decoded on demand with the pipeline
/// <c>train --dataset folder</c> evaluates with (resize, centre crop 224, ImageNet normalisation).
/// </summary>
internal sealed class EvaluationImages : IDisposable
{
    private readonly IDisposable? _owned;

    private EvaluationImages(IImageCollection images, IReadOnlyList<string> classNames, int channels, IDisposable? owned)
    {
        Images = images;
        ClassNames = classNames;
        Channels = channels;
        _owned = owned;
    }

    /// <summary>The images, with the test transform.</summary>
    public IImageCollection Images { get; }

    /// <summary>Class names, in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Channels the network sees.</summary>
    public int Channels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Images.Count;

    /// <summary>Number of classes.</summary>
    public int NumClasses => Images.NumClasses;

    /// <summary>Labels of all images.</summary>
    public IReadOnlyList<long> Labels => Images.Labels;

    /// <summary>
    /// Opens the training (<paramref name="train"/>) or test part of <paramref name="dataset"/> under <paramref name="dataPath"/>;
    /// <c>--dataset folders</c> needs the model file's <paramref name="preprocessing"/> (the run's image size, channels and normalisation).
    /// </summary>
    public static EvaluationImages Open(string dataset, string dataPath, bool train, ImagePreprocessing? preprocessing = null)
    {
        if (dataset == FolderDataOptionSet.Dataset)
        {
            return OpenOwnFolders(dataPath, train, preprocessing);
        }

        if (dataset == "folder")
        {
            return OpenFolder(dataPath, train);
        }

        var data = DatasetInputs.Load(dataset, dataPath, train);
        try
        {
            return new EvaluationImages(new InMemoryImages(data, KnownDatasets.Get(dataset).CreateAugmentation()), data.ClassNames, data.Channels, data);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Labels follow the class sub-folders of <c>train/</c> in ordinal order, as in training, also when
    /// only the test folder is read (a test folder may lack a class).
    /// </summary>
    private static EvaluationImages OpenFolder(string dataPath, bool train)
    {
        var trainRoot = Path.Combine(dataPath, "train");
        var testRoot = new[] { "val", "test" }.Select(n => Path.Combine(dataPath, n)).FirstOrDefault(Directory.Exists);
        if (!Directory.Exists(trainRoot) || testRoot is null)
        {
            throw new CliUserException($"--dataset folder: --data-path '{dataPath}' must hold train/ and val/ (or test/), each with one sub-folder of images per class.");
        }

        try
        {
            var classes = Directory.GetDirectories(trainRoot).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
            var folder = ImageFolder.Open(train ? trainRoot : testRoot, classes);
            return new EvaluationImages(KnownDatasets.Folder.CreateEncodedImages(folder), folder.ClassNames, 3, null);
        }
        catch (DataFormatException e)
        {
            throw new CliUserException($"--dataset folder, --data-path '{dataPath}': {e.Message}", e);
        }
    }

    /// <summary>The test/ images of a user's own folders, decoded and normalised exactly as the run that wrote the model file did.</summary>
    private static EvaluationImages OpenOwnFolders(string dataPath, bool train, ImagePreprocessing? preprocessing)
    {
        if (preprocessing is null)
        {
            throw new CliUserException("--dataset folders is evaluated from the run's model file (model.metasemi), which records the image size, channels and normalisation; a checkpoint does not.");
        }

        try
        {
            var layout = ImageFolderLayout.Scan(dataPath);
            if (train || layout.Test is not { } files)
            {
                throw new CliUserException($"--dataset folders: --data-path '{dataPath}' {(train ? "is read for its test/ images only here" : "has no test/ folder to evaluate on")}.");
            }

            var paths = files.Select(f => f.Path).ToArray();
            var pixels = ImagePreprocessor.For(preprocessing).Decode(paths.Select(File.ReadAllBytes).ToArray(), paths);
            var data = new ImageDataset(pixels, TorchSharp.torch.tensor(files.Select(f => (long)f.Label).ToArray()), layout.ClassNames);
            var normalise = new CropFlipAugmentation(new Normalization(preprocessing.Mean, preprocessing.Std), padding: 0, horizontalFlip: false);
            return new EvaluationImages(new InMemoryImages(data, normalise), layout.ClassNames, preprocessing.Channels, data);
        }
        catch (DataFormatException e)
        {
            throw new CliUserException($"--dataset folders, --data-path '{dataPath}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _owned?.Dispose();
}
