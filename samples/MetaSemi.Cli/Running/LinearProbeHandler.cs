using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models;
using MetaSemi.Models.Pretrained;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>
/// <c>metasemi linear-probe</c> (docs/pretrained.md, "Linear probe"): the frozen ImageNet ResNet-18's features of the
/// labelled and the test images, each set computed once and then read from the feature cache; a logistic regression
/// on the labelled features; its test accuracy; and a model file (the ResNet with the regression as its head) that
/// <c>predict</c>, <c>evaluate</c> and <c>export</c> read like any run's.
/// </summary>
internal sealed class LinearProbeHandler : ICommandHandler<LinearProbeCommandOptions>
{
    public async Task<int> RunAsync(LinearProbeCommandOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Output;
        var clock = Stopwatch.StartNew();
        using var train = EvaluationImages.Open(options.Dataset, options.DataPath, train: true);
        using var test = EvaluationImages.Open(options.Dataset, options.DataPath, train: false);
        if (options.NumLabel % train.NumClasses != 0)
        {
            throw new CliUserException($"--num-label {options.NumLabel} must be a multiple of the {train.NumClasses} classes of {options.Dataset}.");
        }

        var split = new ClassBalancedSplitter(options.NumLabel, options.Seed).Split(train.Labels, train.NumClasses);
        var info = KnownDatasets.Get(options.Dataset);
        int side;
        using (var first = train.Images.TestImages([0]))
        {
            side = (int)first.shape[^1];
        }

        int imageSize = options.ImageSize ?? (side <= 32 ? 64 : side);
        using var model = DatasetInputs.CreateModel(ModelZoo.ImageNetResNet18, train.NumClasses, train.Channels,
            new ZooModelOptions { ImageSize = imageSize, InputMean = info.Normalization.Mean, InputStd = info.Normalization.Std });

        var labeledIndices = split.Labeled.ToArray();
        var testIndices = Enumerable.Range(0, test.Count).ToArray();
        string fingerprint = DataFingerprint(options.DataPath);
        var (labeled, labeledReason) = Features("labelled", train, labeledIndices, "train", model, imageSize, fingerprint, options, o, cancellationToken);
        using var labeledFeatures = labeled;
        var (testSet, testReason) = Features("test", test, testIndices, "test", model, imageSize, fingerprint, options, o, cancellationToken);
        using var testFeatures = testSet;

        var fit = Stopwatch.StartNew();
        long[] labels = [.. labeledIndices.Select(i => train.Labels[i])];
        var (weight, bias, loss) = LinearProbe.Fit(labeledFeatures, labels, train.NumClasses, options.WeightDecay, options.Iterations, options.Seed);
        using var w = weight;
        using var b = bias;
        double accuracy = LinearProbe.Accuracy(w, b, testFeatures, [.. testIndices.Select(i => test.Labels[i])]);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"fit: {labels.Length} labelled images × {w.shape[1]} features, {train.NumClasses} classes, {options.Iterations} iterations, loss {loss:F4}, {fit.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);

        // The regression becomes the network's head: the model file predicts what the probe predicted.
        using (torch.no_grad())
        {
            var head = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            head["fc.weight"].copy_(w);
            head["fc.bias"].copy_(b);
        }

        Directory.CreateDirectory(options.SavePath);
        LabelIndicesFile.Write(Path.Combine(options.SavePath, LabelIndicesFile.FileName), labeledIndices);
        string modelFile = Path.Combine(options.SavePath, ModelFile.FileName);
        ModelFile.Save(modelFile, model, new ModelDescription
        {
            Architecture = ModelZoo.ImageNetResNet18,
            ArchitectureArguments = model.ArchitectureArguments,
            ClassNames = train.ClassNames,
            Preprocessing = new ImagePreprocessing
            {
                Channels = train.Channels, ImageSize = side, Mean = info.Normalization.Mean, Std = info.Normalization.Std,
            },
            Training = new TrainingSummary { Algorithm = "linear-probe", Dataset = options.Dataset, Labels = labels.Length, Steps = options.Iterations, TestAccuracy = accuracy },
        });
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"linear probe: test accuracy {accuracy:P2} ({test.Count} images), {clock.Elapsed.TotalSeconds:F1} s (features {(labeledReason is null && testReason is null ? "all from the cache" : "computed where not cached")}); model file {modelFile}")).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The features of <paramref name="indices"/> of <paramref name="images"/>, from the cache or computed with progress lines.</summary>
    private static (torch.Tensor Features, string? Reason) Features(string name, EvaluationImages images, int[] indices, string part, FeatureModel model,
        int imageSize, string fingerprint, LinearProbeCommandOptions options, TextWriter o, CancellationToken cancellationToken)
    {
        string key = string.Join('|', "linear-probe features 1", ModelZoo.ImageNetResNet18, ImageNetResNet18Weights.PackageId + " " + ImageNetResNet18Weights.PackageVersion,
            $"size {imageSize}", options.Dataset, Path.GetFullPath(options.DataPath), fingerprint, part, IndexHash(indices));
        var clock = Stopwatch.StartNew();
        long shown = 0;
        var progress = new LineProgress(done =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (done - shown >= Math.Max(1, indices.Length / 10) || done == indices.Length)
            {
                shown = done;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"features of the {name} images: {done}/{indices.Length} at {imageSize} px, {clock.Elapsed.TotalSeconds:F0} s"));
            }
        });
        var (features, reason) = FeatureCache.GetOrCompute(options.FeatureCache, key,
            () => FeatureExtraction.Extract(model, new TestBatchSource(images.Images, indices), options.BatchSize, torch.CPU, progress).Features);
        o.WriteLine(reason is null
            ? $"features of the {indices.Length} {name} images: read from {FeatureCache.PathOf(options.FeatureCache, key)}"
            : $"features of the {indices.Length} {name} images: computed ({reason}), cached in {FeatureCache.PathOf(options.FeatureCache, key)}");
        return (features, reason);
    }

    /// <summary>Names, sizes and write times of the data folder's files: a changed file changes the cache key.</summary>
    private static string DataFingerprint(string dataPath) => !Directory.Exists(dataPath) ? "no folder" : string.Join(';',
        Directory.GetFiles(dataPath).Order(StringComparer.Ordinal).Select(f => new FileInfo(f))
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}")));

    private static string IndexHash(int[] indices) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', indices))))[..16] + $" ({indices.Length} images)";

    /// <summary>Reports synchronously on the caller's thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class LineProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
