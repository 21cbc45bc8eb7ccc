using MetaSemi.Cli.Commands;
using MetaSemi.Data;

namespace MetaSemi.Cli.Running;

/// <summary>
/// The data of a <c>train</c> / <c>train-baseline</c> run: an in-memory data set, or (<c>--dataset folder</c>)
/// <c>train/</c> and <c>val/</c> (or <c>test/</c>) image folders decoded on demand with the ImageNet pipeline.
/// </summary>
internal sealed class TrainingData : IDisposable
{
    private readonly IDisposable[] _owned;

    private TrainingData(SemiSupervisedData data, int channels, int testCount, IDisposable[] owned)
    {
        Data = data;
        Channels = channels;
        TestCount = testCount;
        _owned = owned;
    }

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
        return s.Dataset == "folder" ? OpenFolders(s, splitter, streamOptions) : OpenInMemory(s, splitter, streamOptions);
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
                var augmentation = KnownDatasets.Get(s.Dataset).CreateAugmentation();
                var data = !s.UsesUnlabeledData
                    ? SemiSupervisedData.CreateSupervised(train, test, split, s.BatchSize, augmentation, s.Seed, streamOptions)
                    : SemiSupervisedData.Create(train, test, split, s.BatchSize, augmentation, s.Seed, streamOptions);
                return new TrainingData(data, train.Channels, test.Count, [data, test, train]);
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
        return new TrainingData(data, 3, test.Count, [data]);
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
