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
        DatasetInputs.RequireArchitecture(options.Arch);
        using var test = EvaluationImages.Open(options.Dataset, options.DataPath, train: false);
        using var model = DatasetInputs.CreateModel(options.Arch, test.NumClasses, test.Channels);
        var info = DatasetInputs.LoadCheckpoint(options.Checkpoint, model, options.Arch, "--checkpoint");
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
        context.Console.MarkupLine(Markup.Escape($"{options.Checkpoint} (step {info.Step}, -a {options.Arch}) on the {options.Dataset} test set:"));
        EvaluationReport.Write(matrix, test.ClassNames, context.Console, options.SavePath, $"{options.Arch}, {options.Dataset}, step {info.Step}");
        return Task.FromResult(0);
    }
}
