using MetaSemi.Cli.Commands;

namespace MetaSemi.Cli.Running;

/// <summary><c>metasemi train</c>: MetaSemi on an in-memory data set.</summary>
internal sealed class TrainHandler : ICommandHandler<TrainCommandOptions>
{
    public Task<int> RunAsync(TrainCommandOptions options, CliContext context, CancellationToken cancellationToken) =>
        TrainingRun.RunAsync(TrainingRunSettings.From(options), options, context, cancellationToken);
}
