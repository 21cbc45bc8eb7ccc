using MetaSemi.Data;
using SkiaSharp;
using TorchSharp;

namespace MetaSemi.FoldersToApp;

/// <summary>
/// Writes a user-style folder layout from the shipped Fashion-MNIST subset, as PNG files: a few labelled images per
/// class in labeled/&lt;class&gt;/, many unlabelled ones in one flat unlabeled/ folder, and test/&lt;class&gt;/.
/// </summary>
internal static class DemoFolders
{
    public const int LabeledPerClass = 20;
    public const int Unlabeled = 2000;
    public const int TestPerClass = 50;

    public static void Write(string dataFolder, string root)
    {
        using var train = DatasetLoader.Load("fashion-mnist", dataFolder, train: true);
        using var test = DatasetLoader.Load("fashion-mnist", dataFolder, train: false);
        var names = train.ClassNames.Select(n => n.Replace('/', '-')).ToArray();
        var taken = new int[names.Length];
        long[] labels = train.GetLabelArray();
        int unlabeled = 0;
        for (int i = 0; i < train.Count; i++)
        {
            int c = (int)labels[i];
            if (taken[c] < LabeledPerClass)
            {
                Save(train.Images[i], Path.Combine(root, "labeled", names[c], $"{i:00000}.png"));
                taken[c]++;
            }
            else if (unlabeled < Unlabeled)
            {
                Save(train.Images[i], Path.Combine(root, "unlabeled", $"{i:00000}.png"));
                unlabeled++;
            }
        }

        Array.Clear(taken);
        long[] testLabels = test.GetLabelArray();
        for (int i = 0; i < test.Count; i++)
        {
            int c = (int)testLabels[i];
            if (taken[c]++ < TestPerClass)
            {
                Save(test.Images[i], Path.Combine(root, "test", names[c], $"{i:00000}.png"));
            }
        }
    }

    /// <summary>A 1×H×W uint8 image as a grey PNG.</summary>
    private static void Save(torch.Tensor image, string path)
    {
        using (image)
        {
            int h = (int)image.shape[1], w = (int)image.shape[2];
            byte[] pixels = image.data<byte>().ToArray();
            using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque));
            System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, data.ToArray());
        }
    }
}
