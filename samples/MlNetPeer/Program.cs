// ML.NET's own transfer path on the labelled images of the pretrained study (docs/results/pretrained.md): the
// DnnImageFeaturizer ResNet18 (the same ImageNet network MetaSemi.NET fine-tunes, run frozen by ONNX Runtime at its
// fixed 224×224 input) and an LbfgsMaximumEntropy classifier on its 512 features. The test images are featurised once
// and reused for every labelled set.
//
// Usage: dotnet run -c Release --project samples/MlNetPeer -- DATA_PATH OUTPUT.csv LABELS:SEED...
//   DATA_PATH: the Fashion-MNIST IDX files; each LABELS:SEED draws the labelled images as `metasemi train
//   --num-label LABELS --seed SEED` does (the same class-balanced split, so the same images as the study's runs).
using System.Diagnostics;
using System.Globalization;
using MetaSemi.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: MlNetPeer DATA_PATH OUTPUT.csv LABELS:SEED...");
    return 2;
}

const int Side = 224;
var ml = new MLContext(seed: 1);
using var train = MnistReader.LoadFashionMnist(args[0], train: true);
using var test = MnistReader.LoadFashionMnist(args[0], train: false);
var clock = Stopwatch.StartNew();

// Grey 28 px to RGB 224 px (bilinear), 0–255 planes R, G, B: the input ResNetPreprocess.onnx expects.
IEnumerable<PixelRow> Rows(ImageDataset set, IReadOnlyList<long> indices)
{
    for (int start = 0; start < indices.Count; start += 64)
    {
        using var scope = torch.NewDisposeScope();
        var batch = indices.Skip(start).Take(64).ToArray();
        var x = set.Images.index_select(0, torch.tensor(batch)).to(torch.float32);
        x = torch.nn.functional.interpolate(x, [Side, Side], mode: torch.InterpolationMode.Bilinear, align_corners: false)
            .clamp(0, 255).expand(-1, 3, -1, -1).contiguous();
        var labels = set.Labels.index_select(0, torch.tensor(batch)).data<long>().ToArray();
        for (int i = 0; i < batch.Length; i++)
        {
            yield return new PixelRow { Pixels = x[i].flatten().data<float>().ToArray(), Label = (uint)labels[i] + 1 };
        }
    }
}

FeatureRow[] Featurise(ImageDataset set, IReadOnlyList<long> indices, string what)
{
    var featurizer = ml.Transforms.DnnFeaturizeImage("Features", m => m.ModelSelector.ResNet18(ml, m.OutputColumn, m.InputColumn), nameof(PixelRow.Pixels));
    var data = ml.Data.LoadFromEnumerable(Rows(set, indices));
    var features = featurizer.Fit(data).Transform(data);
    var result = new List<FeatureRow>(indices.Count);
    foreach (var row in ml.Data.CreateEnumerable<FeatureRow>(features, reuseRowObject: false))
    {
        result.Add(new FeatureRow { Features = row.Features, Label = row.Label });
        if (result.Count % 1000 == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {result.Count}/{indices.Count} images featurised, {clock.Elapsed.TotalSeconds:F0} s"));
        }
    }

    return [.. result];
}

var testRows = Featurise(test, [.. Enumerable.Range(0, (int)test.Count).Select(i => (long)i)], "test");
var testData = ml.Data.LoadFromEnumerable(testRows);
double testSeconds = clock.Elapsed.TotalSeconds;
var lines = new List<string> { "labels,seed,first_labelled_index,test_accuracy,featurise_test_s,fit_s" };
var trainLabels = train.Labels.data<long>().ToArray();
foreach (var spec in args.Skip(2))
{
    var parts = spec.Split(':');
    int count = int.Parse(parts[0], CultureInfo.InvariantCulture);
    long seed = long.Parse(parts[1], CultureInfo.InvariantCulture);
    var indices = new ClassBalancedSplitter(count, seed).Split(trainLabels, 10).Labeled.Select(i => (long)i).ToArray();
    var fit = Stopwatch.StartNew();
    var labelled = ml.Data.LoadFromEnumerable(Featurise(train, indices, spec));
    var pipeline = ml.Transforms.Conversion.MapValueToKey("Key", nameof(FeatureRow.Label))
        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Key", nameof(FeatureRow.Features)));
    var model = pipeline.Fit(labelled);
    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(testData), "Key");
    var line = string.Create(CultureInfo.InvariantCulture, $"{count},{seed},{indices[0]},{metrics.MicroAccuracy:F4},{testSeconds:F0},{fit.Elapsed.TotalSeconds:F0}");
    Console.WriteLine(line);
    lines.Add(line);
    File.WriteAllLines(args[1], lines);
}

return 0;

/// <summary>One image as ML.NET reads it: 3×224×224 floats, 0–255, and its class (1-based key).</summary>
internal sealed class PixelRow
{
    [VectorType(3, 224, 224)]
    public float[] Pixels { get; set; } = [];

    public uint Label { get; set; }
}

/// <summary>The featuriser's output: 512 pooled ResNet-18 features and the class.</summary>
internal sealed class FeatureRow
{
    [VectorType(512)]
    public float[] Features { get; set; } = [];

    public uint Label { get; set; }
}
