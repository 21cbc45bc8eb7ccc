// MetaSemi.NET from a user's own folders to a user's own app (docs/design.md §8):
//   1. folders: labeled/<class>/… (a few per class), unlabeled/… (many, no classes), test/<class>/…
//   2. train MetaSemi on them with the library, 3. write the self-describing model file,
//   4. load it as an app would (ImageClassifier: no architecture, classes or sizes to repeat) and predict,
//   5. export it to ONNX and predict again on ONNX Runtime (MetaSemi.Onnx: what an app ships without libtorch).
// With no folder given, the demo folders are written from the shipped Fashion-MNIST subset.
using System.Diagnostics;
using System.Globalization;
using MetaSemi;
using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.FoldersToApp;
using MetaSemi.Models;
using MetaSemi.Models.Onnx;
using MetaSemi.Onnx;
using MetaSemi.Scheduling;
using TorchSharp;

string output = "runs/folders-to-app";
string? data = null;
int steps = 300;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--data": data = args[i + 1]; break;
        case "--steps": steps = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--out": output = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'; expected --data DIR, --steps N, --out DIR.");
            return 2;
    }
}

if (data is null)
{
    data = Path.Combine(output, "photos");
    if (!Directory.Exists(data))
    {
        DemoFolders.Write(Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-small"), data);
    }
}

// 1. What is in the folders, before a long run.
var report = ImageFolderReport.Check(data);
Console.WriteLine($"{data}: {report.Layout.ClassNames.Count} classes, {report.Layout.Labeled.Count} labelled, {report.Layout.Unlabeled.Count} unlabelled, "
    + $"{report.Layout.Test?.Count ?? 0} test images, {report.Unreadable.Count} unreadable");

// 2. Train: the folders decoded once into memory at the network's size; unlabelled batches carry no labels.
using var folders = ImageFolders.Load(data, new ImageFolderOptions { ImageSize = 28, ValidationPerClass = report.Layout.Test is null ? 10 : null, SkipBadImages = true });
using var training = folders.CreateTrainingData(batchSize: 32, seed: 1);
string run = Path.Combine(output, "run");
torch.manual_seed(1);
using var model = ModelZoo.SmallCnn(folders.NumClasses, folders.Channels);
long warmup = Math.Max(1, steps / 10);
using var trainer = SemiSupervisedTrainer.Create()
    .WithModel(model)
    .WithData(training.Train, training.Test)
    .WithMixup(1.0)
    .WithOptimizer(lr: 0.1, momentum: 0.9, weightDecay: 5e-4)
    .WithSchedule(Schedules.WarmupMultiStep(warmup, [steps * 3 / 4], 0.1))
    .WithConsistencyWeight(1.0, warmup)
    .WithSeed(1)
    .WithEvaluation(Math.Max(1, steps / 3))
    .WithCheckpoints(run)
    .Build();
var clock = Stopwatch.StartNew();
var result = await trainer.FitAsync(steps, new EvaluationLines());
Console.WriteLine($"trained {result.Steps} steps in {clock.Elapsed.TotalSeconds:F0} s; best test accuracy {result.BestAccuracy:P2} at step {result.BestStep}");

// 3. The model file: the best weights, the architecture, the class names and the preprocessing.
Checkpoint.LoadModel(Path.Combine(run, "model_best"), model);
string modelFile = Path.Combine(run, ModelFile.FileName);
ModelFile.Save(modelFile, model, new ModelDescription
{
    Architecture = "small-cnn",
    ClassNames = folders.ClassNames,
    Preprocessing = folders.Preprocessing,
    Training = new TrainingSummary { Algorithm = "meta", Dataset = data, Labels = folders.Labeled.Count, Steps = result.BestStep, TestAccuracy = result.BestAccuracy },
});
Console.WriteLine($"model file {modelFile} ({new FileInfo(modelFile).Length / 1024} KiB)");

// 4. The app side: only the model file and the images.
using var classifier = ImageClassifier.Load(modelFile);
var testFiles = folders.TestPaths;
var predictions = classifier.Predict(testFiles, topK: 3);
for (int i = 0; i < testFiles.Count; i += Math.Max(1, testFiles.Count / 4))
{
    Console.WriteLine($"{Path.GetRelativePath(data, testFiles[i])}: {predictions[i]}");
}

long[] truth = folders.Test!.GetLabelArray();
double accuracy = predictions.Where((p, i) => p.Best.ClassIndex == truth[i]).Count() / (double)truth.Length;
Console.WriteLine($"ImageClassifier on {truth.Length} test files: accuracy {accuracy:P2} (the trainer measured {result.BestAccuracy:P2} for these weights)");

// 5. ONNX: the same model for an app that ships ONNX Runtime instead of libtorch.
string onnxFile = Path.Combine(run, "model.onnx");
using (var best = ZooModelFile.Load(modelFile))
{
    OnnxExport.Save(best.Model, best.Description, onnxFile);
}

using var onnx = OnnxImageClassifier.Load(onnxFile);
var onnxPredictions = onnx.Predict(testFiles, topK: 3);
int same = onnxPredictions.Where((p, i) => p.Best.ClassIndex == predictions[i].Best.ClassIndex).Count();
double largest = onnxPredictions.Select((p, i) => Math.Abs(p.Best.Probability - predictions[i].Best.Probability)).Max();
Console.WriteLine($"OnnxImageClassifier ({onnxFile}, {new FileInfo(onnxFile).Length / 1024} KiB): the same top-1 class for {same} of {testFiles.Count} files, "
    + $"largest top-1 probability difference {largest:E1}");
return 0;

/// <summary>Prints a line at each evaluation, on the training thread.</summary>
internal sealed class EvaluationLines : IProgress<MetaSemi.TrainingProgress>
{
    public void Report(MetaSemi.TrainingProgress value)
    {
        if (value.Evaluation is { } e)
        {
            Console.WriteLine($"step {value.Step}/{value.TotalSteps}: label loss {value.LabelLoss:F4}, test accuracy {e.Top1:P2}");
        }
    }
}
