namespace MetaSemi.Cli.Commands;

/// <summary>The handler of a command whose trainer or data pipeline is not connected in this build: says so and fails.</summary>
internal sealed class NotWiredHandler<TOptions>(string commandName) : ICommandHandler<TOptions>
{
    /// <summary>Exit code of a command that cannot run in this build.</summary>
    public const int ExitCode = 3;

    public Task<int> RunAsync(TOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Error.WriteLine($"metasemi {commandName}: the options are valid, but this command is not connected to the trainer in this build.");
        return Task.FromResult(ExitCode);
    }
}
