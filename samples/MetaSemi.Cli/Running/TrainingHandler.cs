using MetaSemi.Cli.Commands;

namespace MetaSemi.Cli.Running;

/// <summary><c>metasemi train</c> and <c>metasemi train-baseline</c>: one training run on an in-memory data set or image folders.</summary>
internal sealed class TrainingHandler : ICommandHandler<TrainingCommandOptions>
{
    public Task<int> RunAsync(TrainingCommandOptions options, CliContext context, CancellationToken cancellationToken) =>
        TrainingRun.RunAsync(TrainingRunSettings.From(options), options, context, cancellationToken);
}
