return await MetaSemi.Cli.Commands.CliApplication.RunAsync(args, MetaSemi.Cli.Commands.CommandHandlers.Default).ConfigureAwait(false);
