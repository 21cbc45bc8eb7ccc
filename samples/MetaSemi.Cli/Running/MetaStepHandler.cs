using System.Globalization;
using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using Spectre.Console;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>
/// <c>metasemi meta-step</c>: draws labelled/unlabelled batch pairs as training does (same split,
/// augmentation and stream), computes the meta-gradient G of docs/design.md §2.1 once per batch on the checkpoint, forms
/// ŷ = project(p − lr_t·G) for each requested lr_t, and reports what it did to the pseudo-labels (<see cref="MetaStepEffect"/>). Every lr_t
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

        // G does not depend on lr_t: compute it once per batch and derive every requested ŷ from it. The meta step is
        // the one MetaSemi's options describe (the command's validator has refused --meta-gradient none).
        var metaStep = new MetaSemiAlgorithm(new MetaSemiAlgorithmOptions { MetaGradient = new() { Method = options.MetaGradient, Epsilon = options.Epsilon } }).MetaOptimizer;
        Func<torch.nn.Module<torch.Tensor, torch.Tensor>, torch.Tensor, torch.Tensor, torch.Tensor, IConsistencyLoss, torch.Tensor> metaGradient = metaStep switch
        {
            ExactMetaGradient exact => exact.MetaGradient,
            FiniteDifferenceMetaGradient finiteDifference => finiteDifference.MetaGradient,
            _ => throw new CliUserException($"--meta-gradient {options.MetaGradient}: no meta-gradient to inspect."),
        };
        model.eval();
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
                var gradient = metaGradient(model, labeled, labels, unlabeled, SquaredL2ConsistencyLoss.Instance);
                using var noGrad = torch.no_grad();
                var p = torch.nn.functional.softmax(model.forward(unlabeled), 1);

                // ŷ before the meta step is p through the same projection (docs/design.md §2.1.4), so lr_t = 0 compares like with like.
                var predictions = PseudoLabelProjection.Project(p);
                for (int i = 0; i < effects.Length; i++)
                {
                    var pseudoLabels = PseudoLabelProjection.Project(p - options.LearningRates[i] * gradient);
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
