using System.Globalization;
using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using Spectre.Console;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>
/// <c>metasemi meta-step</c>: draws labelled/unlabelled batch pairs as training does (same split,
/// augmentation and stream), runs the meta step of SPEC §2.1 on the checkpoint at each requested
/// lr_t, and reports what it did to the pseudo-labels (<see cref="MetaStepEffect"/>). Every lr_t
/// sees the same batches.
/// </summary>
internal sealed class MetaStepHandler : ICommandHandler<MetaStepCommandOptions>
{
    public Task<int> RunAsync(MetaStepCommandOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        DatasetInputs.RequireArchitecture(options.Arch);
        using var train = DatasetInputs.Load(options.Dataset, options.DataPath, train: true);
        using var test = DatasetInputs.Load(options.Dataset, options.DataPath, train: false);
        var split = FixedIndicesSplitter.FromFile(options.LabelIndices).Split(train);
        using var model = DatasetInputs.CreateModel(options.Arch, train.NumClasses, train.Channels);
        var info = DatasetInputs.LoadCheckpoint(options.Checkpoint, model, options.Arch, "--checkpoint");
        var device = TorchDevices.Resolve(options.Device);
        model.to(device);

        IMetaOptimizer metaOptimizer = options.MetaGradient == Commands.MetaGradientMethod.Exact
            ? new ExactMetaGradient()
            : new FiniteDifferenceMetaGradient(options.Epsilon);
        var effects = options.LearningRates.Select(_ => new MetaStepEffect()).ToArray();
        using (var data = SemiSupervisedData.Create(train, test, split, options.BatchSize, KnownDatasets.Get(options.Dataset).CreateAugmentation(), options.Seed))
        {
            for (int b = 0; b < options.Batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                using var pair = data.Train.Next();
                var labeled = pair.Labeled.Images.to(device);
                var labels = pair.Labeled.Labels!.to(device);
                var unlabeled = pair.Unlabeled.Images.to(device);
                var hidden = pair.Unlabeled.Labels
                    ?? throw new CliUserException($"The {options.Dataset} unlabelled batches carry no hidden labels to measure pseudo-label accuracy against.");
                var predictions = new NoMetaGradient().Compute(model, labeled, labels, unlabeled, 0, SquaredL2ConsistencyLoss.Instance).PseudoLabels;
                for (int i = 0; i < effects.Length; i++)
                {
                    var pseudoLabels = metaOptimizer.Compute(model, labeled, labels, unlabeled, options.LearningRates[i], SquaredL2ConsistencyLoss.Instance).PseudoLabels;
                    effects[i].Add(predictions, pseudoLabels, hidden);
                }
            }
        }

        context.Console.MarkupLine(Markup.Escape(
            $"{options.Checkpoint} (step {info.Step}, -a {options.Arch}): {options.MetaGradient} meta step on {options.Batches} × {options.BatchSize} unlabelled {options.Dataset} images"));
        var table = new Table().AddColumns("lr_t", "images", "mean |ŷ − p|₁", "argmax changed", "accuracy of p", "accuracy of ŷ", "fixed", "broken");
        for (int i = 0; i < effects.Length; i++)
        {
            var e = effects[i];
            table.AddRow(
                options.LearningRates[i].ToString("G4", CultureInfo.InvariantCulture), e.Images.ToString(CultureInfo.InvariantCulture),
                e.MeanShift.ToString("F4", CultureInfo.InvariantCulture), Percent(e.Changed), Percent(e.AccuracyBefore), Percent(e.AccuracyAfter),
                Percent(e.Fixed), Percent(e.Broken));
        }

        context.Console.Write(table);
        return Task.FromResult(0);
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + " %";
}
