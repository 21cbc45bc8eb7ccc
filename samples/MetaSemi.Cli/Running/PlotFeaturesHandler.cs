using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Plotting;
using MetaSemi.Cli.Tsne;
using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>
/// <c>metasemi plot-features</c> (the paper's Fig. 3): features of a sample of labelled, unlabelled
/// and test images from a checkpoint, t-SNE to 2-D, a scatter plot coloured by class.
/// </summary>
/// <remarks>--num-point is split in thirds over the three kinds; the labelled share is capped at the labelled set's size and the rest goes to the unlabelled share.</remarks>
internal sealed class PlotFeaturesHandler : ICommandHandler<PlotFeaturesCommandOptions>
{
    public Task<int> RunAsync(PlotFeaturesCommandOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (ModelInputs.Describe(options.CheckpointPath, "--checkpoint-path") is null)
        {
            DatasetInputs.RequireArchitecture(options.Arch);
        }
        else if (options.Dataset == FolderDataOptionSet.Dataset)
        {
            throw new CliUserException("plot-features does not read --dataset folders yet: its unlabelled images have no class to colour them by.");
        }

        using var train = EvaluationImages.Open(options.Dataset, options.DataPath, train: true);
        using var test = EvaluationImages.Open(options.Dataset, options.DataPath, train: false);
        var split = FixedIndicesSplitter.FromFile(options.IndexPath).Split(train.Labels, train.NumClasses);
        using var inputs = ModelInputs.Load(options.CheckpointPath, "--checkpoint-path", options.Arch, options.ArchGiven, train.ClassNames, train.Channels);
        var model = inputs.Model;
        var device = TorchDevices.Resolve(options.Device);
        model.to(device);

        var random = new Random(options.Seed);
        int third = options.NumPoint / 3;
        int labeledCount = Math.Min(third, split.Labeled.Count);
        int testCount = Math.Min(third, test.Count);
        int unlabeledCount = Math.Min(options.NumPoint - labeledCount - testCount, split.Unlabeled.Count);
        var groups = new (PointKind Kind, IBatchSource Source)[]
        {
            (PointKind.Labeled, new TestBatchSource(train.Images, Sample(split.Labeled, labeledCount, random))),
            (PointKind.Unlabeled, new TestBatchSource(train.Images, Sample(split.Unlabeled, unlabeledCount, random))),
            (PointKind.Test, new TestBatchSource(test.Images, Sample(Enumerable.Range(0, test.Count).ToArray(), testCount, random))),
        };

        var parts = new List<torch.Tensor>();
        var labels = new List<int>();
        var kinds = new List<PointKind>();
        try
        {
            foreach (var (kind, source) in groups)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (features, groupLabels) = FeatureExtraction.Extract(model, source, options.BatchSize, device);
                parts.Add(features);
                labels.AddRange(groupLabels);
                kinds.AddRange(Enumerable.Repeat(kind, groupLabels.Length));
            }

            using var all = torch.cat(parts, 0);
            Directory.CreateDirectory(options.SavePath);
            var path = Path.Combine(options.SavePath, FeaturePicture.FileName);
            var tsne = new TsneOptions { Perplexity = options.Perplexity, Iterations = options.TsneIterations, Seed = options.Seed };
            context.Output.WriteLine($"t-SNE of {labels.Count} points ({labeledCount} labelled, {unlabeledCount} unlabelled, {testCount} test), {all.shape[1]}-d features of {options.CheckpointPath} (step {inputs.Step})");
            using (var reporter = context.CreateProgressReporter("t-SNE", options.TsneIterations))
            {
                // Every 100 iterations: plain output gets a line per report.
                var progress = new InlineProgress(i =>
                {
                    if (i % 100 == 0 || i == options.TsneIterations)
                    {
                        reporter.Report(new Progress.ConsoleProgress(i, options.TsneIterations));
                    }
                });
                FeaturePicture.Render(all, labels, kinds, train.ClassNames, path, tsne, $"{inputs.Arch}, {options.Dataset}, step {inputs.Step}", progress);
            }

            context.Output.WriteLine($"features: {path}");
            return Task.FromResult(0);
        }
        finally
        {
            foreach (var part in parts)
            {
                part.Dispose();
            }
        }
    }

    private static int[] Sample(IReadOnlyList<int> pool, int count, Random random)
    {
        var copy = pool.ToArray();
        random.Shuffle(copy);
        return copy[..count];
    }

    /// <summary>Reports synchronously on the caller's thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
