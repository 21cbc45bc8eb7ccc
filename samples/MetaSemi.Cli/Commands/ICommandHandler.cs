namespace MetaSemi.Cli.Commands;

/// <summary>Does the work of one command once its options parsed and validated; returns the process exit code.</summary>
/// <remarks>
/// Throw <see cref="CliUserException"/> (or a library's <see cref="ArgumentException"/>,
/// <see cref="IOException"/>, <see cref="InvalidDataException"/>) for errors the user can fix:
/// <see cref="CliApplication"/> prints their message alone, with the stack trace only under --verbose.
/// </remarks>
internal interface ICommandHandler<in TOptions>
{
    Task<int> RunAsync(TOptions options, CliContext context, CancellationToken cancellationToken);
}
