using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Plotting;
using MetaSemi.Data;
using Spectre.Console;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary><c>metasemi evaluate</c>: a checkpoint's accuracy, per-class accuracy and confusion matrix on a test set.</summary>
internal sealed class EvaluateHandler : ICommandHandler<EvaluateCommandOptions>
{
    public Task<int> RunAsync(EvaluateCommandOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var description = ModelInputs.Describe(options.Checkpoint, "--checkpoint");
        if (description is null)
        {
            DatasetInputs.RequireArchitecture(options.Arch);
        }

        using var test = EvaluationImages.Open(options.Dataset, options.DataPath, train: false, description?.Preprocessing);
        using var inputs = ModelInputs.Load(options.Checkpoint, "--checkpoint", options.Arch, options.ArchGiven, test.ClassNames, test.Channels);
        var model = inputs.Model;
        var device = TorchDevices.Resolve(options.Device);
        model.to(device);
        model.eval();

        var source = new TestBatchSource(test.Images);
        var matrix = new ConfusionMatrix(test.NumClasses);
        using (torch.no_grad())
        {
            foreach (var batch in source.GetBatches(options.BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var owned = batch;
                using var scope = torch.NewDisposeScope();
                var logits = model.forward(batch.Images.to(device));
                matrix.Add(batch.Labels!.to(device), logits.argmax(1));
            }
        }

        Directory.CreateDirectory(options.SavePath);
        context.Console.MarkupLine(Markup.Escape($"{options.Checkpoint} (step {inputs.Step}, -a {inputs.Arch}) on the {options.Dataset} test set:"));
        EvaluationReport.Write(matrix, test.ClassNames, context.Console, options.SavePath, $"{inputs.Arch}, {options.Dataset}, step {inputs.Step}");
        return Task.FromResult(0);
    }
}
