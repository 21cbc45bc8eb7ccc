using MetaSemi.Data;

namespace MetaSemi.Tests.Data;

/// <summary>A fact that runs only where Debian's <c>dataset-fashion-mnist</c> is installed.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    public FashionMnistFactAttribute()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            Skip = $"{Directory} is absent: install the Debian package dataset-fashion-mnist (CI does).";
        }
    }
}

public sealed class FashionMnistFilesTests
{
    [FashionMnistFact]
    public void Real_Fashion_MNIST_has_60000_and_10000_balanced_28x28_images_and_the_registered_statistics()
    {
        using var train = MnistReader.LoadFashionMnist(FashionMnistFactAttribute.Directory, train: true);
        using var test = MnistReader.LoadFashionMnist(FashionMnistFactAttribute.Directory, train: false);

        Assert.Equal([60000L, 1, 28, 28], train.Images.shape);
        Assert.Equal([10000L, 1, 28, 28], test.Images.shape);
        Assert.All(train.Labels.bincount(null).data<long>().ToArray(), c => Assert.Equal(6000, c));
        Assert.All(test.Labels.bincount(null).data<long>().ToArray(), c => Assert.Equal(1000, c));

        var measured = Normalization.FromImages(train.Images);
        var registered = KnownDatasets.Get("fashion-mnist").Normalization;
        Assert.Equal(registered.Mean[0], measured.Mean[0], 3);
        Assert.Equal(registered.Std[0], measured.Std[0], 3);
    }
}

public sealed class DatasetLoaderTests
{
    [Fact]
    public void Loader_dispatches_by_registered_name_and_rejects_folder_sets()
    {
        using var dir = new TempFolder();
        dir.Write("test_batch.bin", DataFileWriters.Cifar([[4]], new byte[3072]));
        using var data = DatasetLoader.Load("CIFAR-10", dir.Path, train: false);
        Assert.Equal(1, data.Count);
        Assert.Equal(4L, data.GetLabelArray()[0]);
        Assert.Throws<ArgumentException>(() => DatasetLoader.Load("imagenet", dir.Path, train: true));
        Assert.Throws<FileNotFoundException>(() => DatasetLoader.Load("svhn", dir.Path, train: true));
    }
}
