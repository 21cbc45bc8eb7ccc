using Google.Protobuf;
using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models.Onnx;
using MetaSemi.Models.Onnx.Schema;
using MetaSemi.Onnx;
using MetaSemi.Tests.Cli;
using MetaSemi.Tests.Models;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Onnx;

/// <summary>
/// OnnxImageClassifier: the exported file's structure and metadata, the preprocessing against MetaSemi.Data's
/// decoder, and predictions against TorchSharp's softmax on the same images.
/// </summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class OnnxImageClassifierTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void Export_writes_opset_17_eval_graph_with_batchnorm_nodes_and_no_dropout()
    {
        using var model = OnnxTestModels.Create("small-cnn", classes: 10, channels: 1, seed: 1);
        var proto = ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model, OnnxTestModels.Describe("small-cnn", 10, 1, 28)));

        Assert.Equal(17, Assert.Single(proto.OpsetImport).Version);
        Assert.Equal(8, proto.IrVersion);
        var ops = proto.Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(3, ops.Count(o => o == "Conv"));
        Assert.Equal(3, ops.Count(o => o == "BatchNormalization"));
        Assert.Equal(2, ops.Count(o => o == "MaxPool"));
        Assert.DoesNotContain(ops, o => o.Contains("Dropout", StringComparison.Ordinal));
        Assert.Contains("block1.0.weight", proto.Graph.Initializer.Select(i => i.Name));
        Assert.Contains("block2.1.running_var", proto.Graph.Initializer.Select(i => i.Name));
        Assert.Equal(["input"], proto.Graph.Input.Select(i => i.Name));
        Assert.Equal(["logits", "probabilities"], proto.Graph.Output.Select(o => o.Name));
        var dims = proto.Graph.Input[0].Type.TensorType.Shape.Dim;
        Assert.Equal("batch", dims[0].DimParam);
        Assert.Equal([1L, 28L, 28L], dims.Skip(1).Select(d => d.DimValue));
    }

    [Fact]
    public void Metadata_round_trips_from_model_description_to_onnx_runtime()
    {
        using var model = OnnxTestModels.Create("small-cnn", classes: 3, channels: 3, seed: 2);
        var description = new ModelDescription
        {
            Architecture = "small-cnn",
            ClassNames = ["cat", "dog", "ein Vogel, grün"],
            Preprocessing = new ImagePreprocessing { Channels = 3, ImageSize = 32, ResizeShorterSide = 36, Mean = [0.5, 0.25, 0.125], Std = [0.2, 0.3, 0.4] },
            Training = new TrainingSummary { Algorithm = "metasemi", Labels = 40, Steps = 1000, TestAccuracy = 0.875 },
        };
        var path = folder.File("model.onnx");
        OnnxExport.Save(model, description, path);

        using var classifier = OnnxImageClassifier.Load(path);
        Assert.Equal("small-cnn", classifier.Metadata.Architecture);
        Assert.Equal(["cat", "dog", "ein Vogel, grün"], classifier.ClassNames);
        var p = classifier.Metadata.Preprocessing;
        Assert.Equal((3, 32, 36), (p.Channels, p.ImageSize, p.ResizeShorterSide));
        Assert.Equal([0.5, 0.25, 0.125], p.Mean);
        Assert.Equal([0.2, 0.3, 0.4], p.Std);

        using var session = new InferenceSession(path);
        var map = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("[\"cat\",\"dog\",\"ein Vogel, grün\"]", map["metasemi.class_names"]);
        Assert.Equal("0.5,0.25,0.125", map["metasemi.mean"]);
        Assert.Equal("36", map["metasemi.resize_shorter_side"]);
        Assert.Contains("\"testAccuracy\":0.875", map["metasemi.model"], StringComparison.Ordinal);
        Assert.Equal("MetaSemi.NET", session.ModelMetadata.ProducerName);
    }

    [Fact]
    public void Predict_equals_torchsharp_softmax_on_images_decoded_by_metasemi_data()
    {
        using var model = OnnxTestModels.Create("small-cnn", classes: 4, channels: 3, seed: 3);
        var description = OnnxTestModels.Describe("small-cnn", 4, 3, 32);
        var path = folder.File("model.onnx");
        OnnxExport.Save(model, description, path);
        byte[][] images = [TestImages.Png(40, 30, 1), TestImages.Jpeg(32, 32, 2), TestImages.Png(17, 50, 3)];

        // Expected: MetaSemi.Data's decoder (whole image to 32×32), normalised, TorchSharp's softmax.
        var p = description.Preprocessing;
        double[] expected;
        using (var scope = NewDisposeScope())
        {
            var decoded = ImageDecoder.DecodeBatch(new TestImages.InMemory(images), [0, 1, 2], new TestImages.WholeImage(32));
            var mean = tensor(p.Mean.Select(m => (float)m).ToArray()).view(1, 3, 1, 1);
            var std = tensor(p.Std.Select(s => (float)s).ToArray()).view(1, 3, 1, 1);
            var input = ((decoded.to(float32) / 255f) - mean) / std;
            using var noGrad = no_grad();
            expected = nn.functional.softmax(model.call(input).to(float64), 1).data<double>().ToArray();
        }

        using var classifier = OnnxImageClassifier.Load(path);
        var batched = classifier.Predict(images, topK: 4, batchSize: 2);
        Assert.Equal(3, batched.Count);
        for (var i = 0; i < images.Length; i++)
        {
            var single = classifier.Predict(images[i], topK: 4);
            var row = expected.AsSpan(i * 4, 4).ToArray();
            var order = Enumerable.Range(0, 4).OrderByDescending(c => row[c]).ToArray();
            Assert.Equal(order, single.Select(c => c.ClassIndex));
            Assert.Equal(order.Select(c => $"class-{c}"), single.Select(c => c.ClassName));
            foreach (var c in single)
            {
                Assert.True(Math.Abs(c.Probability - row[c.ClassIndex]) < 1e-5, $"image {i} class {c.ClassIndex}: {c.Probability} vs {row[c.ClassIndex]}");
            }

            Assert.Equal(single.Select(c => (c.ClassIndex, c.Probability)), batched[i].Select(c => (c.ClassIndex, c.Probability)));
        }

        // The path and stream overloads read the same bytes.
        var file = folder.File("image.png");
        File.WriteAllBytes(file, images[0]);
        using var stream = new MemoryStream(images[0]);
        Assert.Equal(batched[0].Best, classifier.Predict(file, topK: 1).Best);
        Assert.Equal(batched[0].Best, classifier.Predict(stream, topK: 1).Best);
        Assert.Equal(Enumerable.Repeat(batched[0].Best, 3), classifier.Predict([file, file, file], topK: 1).Select(b => b.Best));
    }

    [Fact]
    public void Preprocess_with_a_shorter_side_resize_equals_metasemi_data_centre_crop()
    {
        var description = OnnxTestModels.Describe("small-cnn", 2, 3, 24, resizeShorterSide: 28);
        using var classifier = Export(description);
        var image = TestImages.Png(50, 37, 4);

        using var scope = NewDisposeScope();
        var decoded = ImageDecoder.DecodeBatch(new TestImages.InMemory([image]), [0], new CenterCrop(28, 24)).to(float32) / 255f;
        var p = description.Preprocessing;
        var mean = tensor(p.Mean.Select(m => (float)m).ToArray()).view(1, 3, 1, 1);
        var std = tensor(p.Std.Select(s => (float)s).ToArray()).view(1, 3, 1, 1);
        var expected = ((decoded - mean) / std).data<float>().ToArray();

        var actual = classifier.Preprocess(image);
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() < 1e-5);
    }

    [Fact]
    public void Preprocess_to_one_channel_is_the_rounded_bt601_luminance_of_the_decoded_colours()
    {
        var description = OnnxTestModels.Describe("small-cnn", 2, 1, 16);
        using var classifier = Export(description);
        var image = TestImages.Png(16, 16, 5);

        // At the input size the resize is the identity, so each pixel is the hand-computed luminance.
        using var scope = NewDisposeScope();
        var rgb = ImageDecoder.DecodeBatch(new TestImages.InMemory([image]), [0], new TestImages.WholeImage(16)).to(float32);
        var grey = ((0.299f * rgb[0, 0]) + (0.587f * rgb[0, 1]) + (0.114f * rgb[0, 2])).round() / 255f; // a whole grey level, as training caches it
        var expected = ((grey - 0.2860f) / 0.3530f).data<float>().ToArray();

        var actual = classifier.Preprocess(image);
        Assert.True(expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() < 1e-5);
    }

    [Fact]
    public void Load_and_predict_name_what_is_wrong()
    {
        using var model = OnnxTestModels.Create("small-cnn", classes: 2, channels: 1, seed: 6);
        var proto = ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model, OnnxTestModels.Describe("small-cnn", 2, 1, 28)));
        proto.MetadataProps.Clear();
        var bare = folder.File("bare.onnx");
        File.WriteAllBytes(bare, proto.ToByteArray());
        var noMetadata = Assert.Throws<InvalidDataException>(() => OnnxImageClassifier.Load(bare));
        Assert.Contains("bare.onnx", noMetadata.Message, StringComparison.Ordinal);
        Assert.Contains("metasemi.model", noMetadata.Message, StringComparison.Ordinal);

        var garbage = folder.Write("garbage.onnx", "not a model");
        Assert.Contains("garbage.onnx", Assert.Throws<InvalidDataException>(() => OnnxImageClassifier.Load(garbage)).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => OnnxImageClassifier.Load(folder.File("missing.onnx")));

        using var classifier = Export(OnnxTestModels.Describe("small-cnn", 2, 1, 28));
        var notImage = folder.Write("notes.png", "hello");
        Assert.Contains("notes.png", Assert.Throws<InvalidDataException>(() => classifier.Predict(notImage)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => classifier.Predict(TestImages.Png(8, 8, 7), topK: 3));
    }

    [Fact]
    public void Export_refuses_a_description_that_does_not_fit_the_network()
    {
        using var model = OnnxTestModels.Create("small-cnn", classes: 10, channels: 1, seed: 8);
        var wrongClasses = OnnxTestModels.Describe("small-cnn", 3, 1, 28);
        Assert.Contains("10 outputs", Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes(model, wrongClasses)).Message, StringComparison.Ordinal);
        var wrongMean = OnnxTestModels.Describe("small-cnn", 10, 1, 28) with
        {
            Preprocessing = OnnxTestModels.Describe("small-cnn", 10, 1, 28).Preprocessing with { Mean = [0.1, 0.2, 0.3] },
        };
        Assert.Contains("Mean and Std", Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes(model, wrongMean)).Message, StringComparison.Ordinal);
    }

    private OnnxImageClassifier Export(ModelDescription description)
    {
        using var model = OnnxTestModels.Create(description.Architecture, description.ClassNames.Count, description.Preprocessing.Channels, seed: 9);
        var path = folder.File($"export-{Guid.NewGuid():N}.onnx");
        OnnxExport.Save(model, description, path);
        return OnnxImageClassifier.Load(path);
    }

    public void Dispose() => folder.Dispose();
}
