using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Distributed;
using MetaSemi.Scheduling;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Distributed;

/// <summary>
/// Trainer runs with <see cref="SemiSupervisedTrainerBuilder.WithDistributed"/> on tiny in-memory
/// data, shared by the MpiProbe ranks and the tests' single-process references. Compiled into both.
/// </summary>
public static class TrainerScenarios
{
    /// <summary>Classes of the tiny data sets (more than 5, so top-5 is measured).</summary>
    public const int Classes = 6;

    /// <summary>Training images (the first <see cref="Labeled"/> are labelled).</summary>
    public const int TrainCount = 48;

    /// <summary>Labelled training images.</summary>
    public const int Labeled = 24;

    /// <summary>Test images: not a multiple of the ranks or of the evaluation batch, so shards and batches are uneven.</summary>
    public const int TestCount = 37;

    /// <summary>The evaluation batch size.</summary>
    public const int EvaluationBatch = 8;

    /// <summary>Steps of the bit-identity scenario.</summary>
    public const int MetaSemiSteps = 20;

    /// <summary>The run folder of <paramref name="rank"/> under <paramref name="folder"/> (one per rank, so the test sees who wrote what).</summary>
    public static string RunFolder(string folder, int rank) => Path.Combine(folder, $"run-rank{rank}");

    /// <summary>Seeded 1×4×4 images whose class shifts their brightness, so a small net learns something.</summary>
    public static ImageDataset Images(int count, ulong seed)
    {
        var generator = new Generator(seed);
        using var labels = randint(0, Classes, [count], generator: generator);
        using var noise = randint(0, 120, [count, 1, 4, 4], generator: generator);
        var pixels = (noise + labels.reshape(count, 1, 1, 1) * 25).to(ScalarType.Byte);
        return new ImageDataset(pixels, labels.clone(), [.. Enumerable.Range(0, Classes).Select(c => $"c{c}")]);
    }

    /// <summary>A conv net with BatchNorm2d (converted to SyncBatchNorm2d by the trainer), float32.</summary>
    public static nn.Module<Tensor, Tensor> NormNet(ulong seed) => Initialised(nn.Sequential(
        ("conv", nn.Conv2d(1, 4, 3, padding: 1, bias: false)),
        ("bn", nn.BatchNorm2d(4)),
        ("act", nn.ReLU()),
        ("pool", nn.AdaptiveAvgPool2d(1)),
        ("flatten", nn.Flatten()),
        ("fc", nn.Linear(4, Classes))), seed, ScalarType.Float32);

    /// <summary>A conv net without normalisation, float64, for the comparison with one process.</summary>
    public static nn.Module<Tensor, Tensor> PlainNet(ulong seed) => Initialised(nn.Sequential(
        ("conv", nn.Conv2d(1, 3, 3, padding: 1)),
        ("act", nn.Tanh()),
        ("pool", nn.AdaptiveAvgPool2d(1)),
        ("flatten", nn.Flatten()),
        ("fc", nn.Linear(3, Classes))), seed, ScalarType.Float64);

    /// <summary>
    /// MetaSemi (finite-difference meta-gradient, mixup) with SyncBatchNorm on <paramref name="communicator"/>'s
    /// ranks until <paramref name="steps"/>, evaluating every 5 steps, resuming from <paramref name="resumeFrom"/>
    /// when given. Each rank initialises its model differently: only the broadcast makes them agree.
    /// With <paramref name="cancelAfterStep"/> &gt; 0 the last rank alone cancels its token after that step.
    /// </summary>
    public static Dictionary<string, double[]> MetaSemiRun(ICommunicator communicator, string folder, long steps, string? resumeFrom, long cancelAfterStep = 0)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        using var train = Images(TrainCount, 1);
        using var test = Images(TestCount, 2);
        using var model = NormNet(100 + (ulong)communicator.Rank);
        var augmentation = new CropFlipAugmentation(new Normalization([0.3], [0.2]), padding: 1);
        using var stream = new PairedBatchStream(train, [.. Enumerable.Range(0, Labeled)], [.. Enumerable.Range(Labeled, TrainCount - Labeled)],
            batchSize: 4, augmentation, seed: 7, new PairedStreamOptions { Rank = communicator.Rank, WorldSize = communicator.Size, PrefetchDepth = 2 });
        var testSource = new TestBatchSource(test, augmentation);
        using var trainer = SemiSupervisedTrainer.Create()
            .WithModel(model)
            .WithData(stream, testSource)
            .WithSeed(5)
            .WithOptimizer(0.05, 0.9, 1e-4)
            .WithSchedule(Schedules.WarmupMultiStep(3, [15], 0.5))
            .WithConsistencyWeight(1.0, 4)
            .WithMixup(1.0)
            .WithMetaGradient(o => o.Method = MetaGradientMethod.FiniteDifference)
            .WithEvaluation(5, EvaluationBatch)
            .WithCheckpoints(RunFolder(folder, communicator.Rank), resumeFrom)
            .WithDistributed(communicator)
            .Build();

        // Fitting to step 0 only starts the run (restores a checkpoint): what a resumed run begins with.
        var start = trainer.FitAsync(0).GetAwaiter().GetResult();
        var reported = new List<double>();
        var losses = new List<double>();
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            reported.Add(p.Step);
            losses.Add(p.LabelLoss);
            if (p.Step == cancelAfterStep && communicator.Rank == communicator.Size - 1)
            {
                cancellation.Cancel();
            }
        });
        var result = trainer.FitAsync(steps, progress, cancellation.Token).GetAwaiter().GetResult();

        var results = new Dictionary<string, double[]>
        {
            ["start_step"] = [start.Steps],
            ["start_best"] = [start.BestAccuracy],
            ["start_best_step"] = [start.BestStep],
            ["steps"] = [result.Steps],
            ["cancelled"] = [result.Cancelled ? 1 : 0],
            ["best"] = [result.BestAccuracy],
            ["best_step"] = [result.BestStep],
            ["reported_steps"] = [.. reported],
            ["label_losses"] = [.. losses],
            ["stream_position"] = [stream.Position],
            ["converted_sync_norms"] = [model.modules().Count(m => m is SyncBatchNorm2d)],
        };
        if (result.LastEvaluation is { } last)
        {
            results["evaluation"] = [last.Top1, last.Top5 ?? double.NaN, last.Count];

            // The same model evaluated by this process alone on the whole test set (eval mode: no collectives).
            var whole = ClassifierEvaluation.Evaluate(model, testSource, 5, torch.CPU);
            results["evaluation_whole"] = [whole.Top1, whole.Top5 ?? double.NaN, whole.Count];
        }

        foreach (var (name, values) in DistributedScenarios.State(model))
        {
            results["state." + name] = values;
        }

        return results;
    }

    /// <summary>
    /// The supervised baseline without mixup on the float64 <see cref="PlainNet"/>, 3 steps of batch
    /// <paramref name="batchPerRank"/> per rank on a normalise-only stream: 2 ranks × b see the same
    /// images per step as 1 process × 2b.
    /// </summary>
    public static Dictionary<string, double[]> BaselineRun(ICommunicator communicator, int batchPerRank)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        using var train = Images(TrainCount, 1);
        using var model = PlainNet(300 + (ulong)communicator.Rank);
        int[] labeled = [.. Enumerable.Range(0, Labeled)];
        using var stream = new PairedBatchStream(train, labeled, labeled, batchPerRank, new NormaliseOnly(), seed: 9,
            new PairedStreamOptions { Rank = communicator.Rank, WorldSize = communicator.Size, PrefetchDepth = 0 });
        using var trainer = SemiSupervisedTrainer.Create()
            .WithModel(model)
            .WithData(stream)
            .WithoutUnlabeledData()
            .WithoutMixup()
            .WithSeed(5)
            .WithOptimizer(0.1, 0.9, 1e-4)
            .WithSchedule(Schedules.Constant())
            .WithDistributed(communicator)
            .Build();
        var losses = new List<double>();
        trainer.FitAsync(3, new SynchronousProgress(p => losses.Add(p.Loss))).GetAwaiter().GetResult();
        var results = new Dictionary<string, double[]> { ["losses"] = [.. losses] };
        foreach (var (name, values) in DistributedScenarios.State(model))
        {
            results["state." + name] = values;
        }

        return results;
    }

    private static nn.Module<Tensor, Tensor> Initialised(nn.Module<Tensor, Tensor> model, ulong seed, ScalarType dtype)
    {
        // From a private generator, never torch's global one, so that parallel tests cannot disturb it.
        model.to(dtype);
        var generator = new Generator(seed);
        using var noGrad = no_grad();
        foreach (var p in model.parameters())
        {
            p.copy_(randn(p.shape, dtype, generator: generator) * 0.5);
        }

        return model;
    }

    /// <summary>uint8 to [0, 1]: no random draws, so the images depend only on which examples are drawn.</summary>
    private sealed class NormaliseOnly : IBatchAugmentation
    {
        public Tensor Augment(Tensor images, Generator generator) => Prepare(images);

        public Tensor Prepare(Tensor images) => images.to(ScalarType.Float32) / 255;
    }

    /// <summary>Reports on the training thread, at once (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
