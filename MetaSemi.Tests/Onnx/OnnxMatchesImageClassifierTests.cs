using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models;
using MetaSemi.Models.Onnx;
using MetaSemi.Onnx;
using MetaSemi.Tests.Data;
using MetaSemi.Tests.Models;
using SkiaSharp;

namespace MetaSemi.Tests.Onnx;

/// <summary>An app on ONNX Runtime predicts what ImageClassifier (TorchSharp) predicts from the same run's model, on the same files.</summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class OnnxMatchesImageClassifierTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(1)] // colour files into a grey network: both round the luminance as training cached it
    public void Onnx_and_torchsharp_classifiers_give_the_same_classes_and_probabilities_for_own_folder_images(int channels)
    {
        using var dir = new TempFolder();
        var random = new Random(channels);
        for (int i = 0; i < 6; i++)
        {
            string cls = i % 2 == 0 ? "left" : "right";
            using var bitmap = new SKBitmap(20 + (3 * i), 14 + i);
            for (int y = 0; y < bitmap.Height; y++)
            {
                for (int x = 0; x < bitmap.Width; x++)
                {
                    bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
                }
            }

            using var image = SKImage.FromBitmap(bitmap);
            using var png = image.Encode(i == 3 ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 90);
            dir.Write($"{(i < 4 ? "labeled" : "test")}/{cls}/{i}.{(i == 3 ? "jpg" : "png")}", png.ToArray());
        }

        using var data = ImageFolders.Load(dir.Path, new ImageFolderOptions { ImageSize = 16, Channels = channels });
        using var model = OnnxTestModels.Create("small-cnn", data.NumClasses, channels, seed: 11);
        var description = new ModelDescription { Architecture = "small-cnn", ClassNames = data.ClassNames, Preprocessing = data.Preprocessing };
        string modelFile = dir.File(ModelFile.FileName), onnx = dir.File("model.onnx");
        ModelFile.Save(modelFile, model, description);
        OnnxExport.Save(model, description, onnx);

        using var torch = ImageClassifier.Load(modelFile);
        using var runtime = OnnxImageClassifier.Load(onnx);
        var files = Directory.GetFiles(dir.Path, "*.*", SearchOption.AllDirectories).Where(ImageFileTypes.IsImage).Order(StringComparer.Ordinal).ToArray();
        var expected = torch.Predict(files, topK: 2);
        var actual = runtime.Predict(files, topK: 2);

        Assert.Equal(files.Length, actual.Count);
        for (int i = 0; i < files.Length; i++)
        {
            Assert.Equal(expected[i].Select(c => (c.ClassName, c.ClassIndex)), actual[i].Select(c => (c.ClassName, c.ClassIndex)));
            Assert.Equal(expected[i].Best.Probability, actual[i].Best.Probability, 1e-5);
        }
    }
}
