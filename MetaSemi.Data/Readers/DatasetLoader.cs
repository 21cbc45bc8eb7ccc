namespace MetaSemi.Data;

/// <summary>Loads a registered in-memory data set (see <see cref="KnownDatasets"/>) from the folder users keep it in.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// Loads the training or test part of <paramref name="name"/> (<c>cifar10</c>, <c>cifar100</c>,
    /// <c>svhn</c>, <c>mnist</c>, <c>fashion-mnist</c>) from <paramref name="directory"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown or not an in-memory data set (ImageNet, folders).</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="DataFormatException">A file is invalid.</exception>
    public static ImageDataset Load(string name, string directory, bool train)
    {
        var info = KnownDatasets.Get(name);
        return info.Name switch
        {
            "cifar10" => CifarReader.LoadCifar10(directory, train),
            "cifar100" => CifarReader.LoadCifar100(directory, train),
            "svhn" => SvhnReader.Load(directory, train),
            "mnist" => MnistReader.LoadMnist(directory, train),
            "fashion-mnist" => MnistReader.LoadFashionMnist(directory, train),
            _ => throw new ArgumentException($"Data set '{info.Name}' is not loaded into memory; read it as an image folder or RecordIO.", nameof(name)),
        };
    }
}
