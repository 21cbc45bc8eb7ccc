using MetaSemi.Cli.Commands;

namespace MetaSemi.Cli.Running;

/// <summary><c>metasemi train-baseline</c>: the supervised baseline on the labelled subset.</summary>
internal sealed class TrainBaselineHandler : ICommandHandler<TrainBaselineCommandOptions>
{
    public Task<int> RunAsync(TrainBaselineCommandOptions options, CliContext context, CancellationToken cancellationToken) =>
        TrainingRun.RunAsync(TrainingRunSettings.From(options), options, context, cancellationToken);
}
