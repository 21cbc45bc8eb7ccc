using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Progress;
using MetaSemi.Data;
using MetaSemi.Files;

namespace MetaSemi.Cli.Running;

/// <summary>
/// The data of a <c>train</c> / <c>train-baseline</c> run: an in-memory data set, or (<c>--dataset folder</c>)
/// <c>train/</c> and <c>val/</c> (or <c>test/</c>) image folders decoded on demand with the ImageNet pipeline, or
/// (<c>--dataset folders</c>) a user's own labeled/, unlabeled/ and test/ folders decoded once into memory.
/// </summary>
internal sealed class TrainingData : IDisposable
{
    private readonly IDisposable[] _owned;

    private TrainingData(SemiSupervisedData data, int channels, int testCount, IReadOnlyList<string> classNames, ImagePreprocessing preprocessing, IDisposable[] owned)
    {
        Data = data;
        Channels = channels;
        TestCount = testCount;
        ClassNames = classNames;
        Preprocessing = preprocessing;
        _owned = owned;
    }

    /// <summary>Class names in label order (for the model file).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The test transform as the model file records it.</summary>
    public ImagePreprocessing Preprocessing { get; }

    /// <summary>Images skipped as undecodable (<c>--dataset folders --skip-bad-images</c>).</summary>
    public IReadOnlyList<SkippedImage> Skipped { get; private init; } = [];

    public SemiSupervisedData Data { get; }

    public DatasetSplit Split => Data.Split;

    public int NumClasses => Data.NumClasses;

    public int Channels { get; }

    public int TestCount { get; }

    /// <summary>Opens the data; <paramref name="streamOptions"/> shard the training stream in a distributed run.</summary>
    public static TrainingData Open(TrainingRunSettings s, IDatasetSplitter splitter, PairedStreamOptions? streamOptions = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(splitter);
        return s.Dataset switch
        {
            "folder" => OpenFolders(s, splitter, streamOptions),
            FolderDataOptionSet.Dataset => OpenOwnFolders(s, streamOptions),
            _ => OpenInMemory(s, splitter, streamOptions),
        };
    }

    private static TrainingData OpenInMemory(TrainingRunSettings s, IDatasetSplitter splitter, PairedStreamOptions? streamOptions)
    {
        var train = DatasetInputs.Load(s.Dataset, s.DataPath, train: true);
        try
        {
            var test = DatasetInputs.Load(s.Dataset, s.DataPath, train: false);
            try
            {
                var split = splitter.Split(train);
                var info = KnownDatasets.Get(s.Dataset);
                var augmentation = info.CreateAugmentation();
                var data = !s.UsesUnlabeledData
                    ? SemiSupervisedData.CreateSupervised(train, test, split, s.BatchSize, augmentation, s.Seed, streamOptions)
                    : SemiSupervisedData.Create(train, test, split, s.BatchSize, augmentation, s.Seed, streamOptions);
                var preprocessing = new ImagePreprocessing
                {
                    Channels = train.Channels, ImageSize = train.Height, Mean = info.Normalization.Mean, Std = info.Normalization.Std,
                };
                return new TrainingData(data, train.Channels, test.Count, train.ClassNames, preprocessing, [data, test, train]);
            }
            catch
            {
                test.Dispose();
                throw;
            }
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    private static TrainingData OpenFolders(TrainingRunSettings s, IDatasetSplitter splitter, PairedStreamOptions? streamOptions)
    {
        var trainRoot = Path.Combine(s.DataPath, "train");
        var testRoot = new[] { "val", "test" }.Select(n => Path.Combine(s.DataPath, n)).FirstOrDefault(Directory.Exists);
        if (!Directory.Exists(trainRoot) || testRoot is null)
        {
            throw new CliUserException($"--dataset folder: --data-path '{s.DataPath}' must hold train/ and val/ (or test/), each with one sub-folder of images per class.");
        }

        var train = ImageFolder.Open(trainRoot);
        var test = ImageFolder.Open(testRoot, train.ClassNames);
        var split = splitter.Split(train.Labels, train.NumClasses);
        var info = KnownDatasets.Folder;
        var data = !s.UsesUnlabeledData
            ? SemiSupervisedData.CreateSupervised(info.CreateEncodedImages(train), info.CreateEncodedImages(test), split, s.BatchSize, s.Seed, streamOptions)
            : SemiSupervisedData.Create(info.CreateEncodedImages(train), info.CreateEncodedImages(test), split, s.BatchSize, s.Seed, streamOptions);
        var preprocessing = new ImagePreprocessing
        {
            Channels = 3, ImageSize = info.ImageSize, ResizeShorterSide = (int)Math.Round(info.ImageSize * 256.0 / 224.0),
            Mean = info.Normalization.Mean, Std = info.Normalization.Std,
        };
        return new TrainingData(data, 3, test.Count, train.ClassNames, preprocessing, [data]);
    }

    private static TrainingData OpenOwnFolders(TrainingRunSettings s, PairedStreamOptions? streamOptions)
    {
        var options = new ImageFolderOptions
        {
            ImageSize = s.ImageSize ?? MetaSemi.Models.ArchitectureInputSize.Natural(s.Arch),
            Channels = FolderDataOptionSet.ParseChannels(s.Channels),
            ValidationPerClass = s.ValidationPerClass,
            SkipBadImages = s.SkipBadImages,
            Seed = s.Seed,
            ImageCache = FolderDataOptionSet.ParseImageCache(s.ImageCache),
            CacheDirectory = s.CacheDir,
            CacheProgress = new ImageCacheConsoleProgress(Console.Error),
        };
        ImageFolderData folders;
        try
        {
            folders = ImageFolders.Load(s.DataPath, options);
        }
        catch (DataFormatException e)
        {
            throw new CliUserException($"--dataset folders, --data-path '{s.DataPath}': {e.Message}", e);
        }

        if (folders.Cache is { } cache)
        {
            Console.Error.WriteLine(cache.Rebuilt
                ? string.Create(CultureInfo.InvariantCulture, $"Image cache {cache.Directory}: built in {cache.BuildSeconds:0.0} s ({cache.Bytes / 1e9:0.00} GB) because {cache.Reason}.")
                : $"Image cache {cache.Directory}: up to date, {folders.UnlabeledCount} unlabelled images read from disk batch by batch.");
        }

        try
        {
            if (folders.Test is null)
            {
                throw new CliUserException($"--dataset folders: --data-path '{s.DataPath}' has no test/ folder; add test/<class>/… images or hold some out with --validation-per-class K.");
            }

            if (s.UsesUnlabeledData && folders.UnlabeledCount == 0)
            {
                throw new CliUserException($"--dataset folders: --data-path '{s.DataPath}' has no images under unlabeled/; add them (a flat folder or any tree), or run train-baseline.");
            }

            var data = folders.CreateTrainingData(s.BatchSize, s.Seed, supervisedOnly: !s.UsesUnlabeledData, options: streamOptions);
            return new TrainingData(data, folders.Channels, folders.Test.Count, folders.ClassNames, folders.Preprocessing, [data, folders]) { Skipped = folders.Skipped };
        }
        catch
        {
            folders.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
