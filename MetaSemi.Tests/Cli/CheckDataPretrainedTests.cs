using MetaSemi.Cli.Commands;
using MetaSemi.Data;

namespace MetaSemi.Tests.Cli;

/// <summary><c>check-data --pretrained imagenet</c>: per-class feature distances, and noise images among clothes flagged by path.</summary>
[Collection(nameof(MetaSemi.Tests.Core.SerialTorchCollection))]
public sealed class CheckDataPretrainedTests
{
    [Fact]
    public void Noise_images_in_the_unlabelled_folder_are_flagged_as_far_from_every_labelled_class()
    {
        using var folder = new TempFolder();
        using var train = MnistReader.LoadFashionMnist(ShippedData.FashionMnistSmall, train: true);
        var labels = train.Labels.data<long>().ToArray();
        var pixels = train.Images.contiguous().data<byte>().ToArray();
        int[] classes = [1, 8]; // Trouser, Bag
        foreach (var c in classes)
        {
            var indices = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Take(14).ToArray();
            for (int k = 0; k < indices.Length; k++)
            {
                var target = k < 8 ? Path.Combine(folder.Path, "labeled", train.ClassNames[c].Replace('/', '-'), $"{k}.png") : Path.Combine(folder.Path, "unlabeled", $"{c}-{k}.png");
                WriteGrey(target, pixels.AsSpan(indices[k] * 784, 784));
            }
        }

        var random = new Random(4);
        var noise = new List<string>();
        for (int n = 0; n < 3; n++)
        {
            var buffer = new byte[784];
            random.NextBytes(buffer);
            var path = Path.Combine(folder.Path, "unlabeled", $"noise-{n}.png");
            WriteGrey(path, buffer);
            noise.Add(path);
        }

        var result = CliHarness.Run(CommandHandlers.Default, "check-data", folder.Path, "--pretrained", "imagenet", "--image-size", "64");
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("out-of-class check", result.Output, StringComparison.Ordinal);
        Assert.Contains("features: 31/31 images at 64 px", result.Output, StringComparison.Ordinal);
        Assert.Contains("  Trouser", result.Output, StringComparison.Ordinal);
        Assert.All(noise, path => Assert.Contains(path + ": nearest", result.Output, StringComparison.Ordinal));
    }

    private static void WriteGrey(string path, ReadOnlySpan<byte> pixels)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, GreyPng.Encode(pixels));
    }
}
