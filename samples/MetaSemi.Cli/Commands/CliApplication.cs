using System.CommandLine;

namespace MetaSemi.Cli.Commands;

/// <summary>
/// The <c>metasemi</c> command tree and its run: parse (merging <c>--config</c>), print every
/// usage error as one line and exit 2, else run the command's handler; an exception from a handler
/// prints one line and exits 1 (with the stack trace under <c>--verbose</c>).
/// </summary>
internal static class CliApplication
{
    public const int UsageErrorExitCode = 2;
    public const int FailureExitCode = 1;
    public const int CancelledExitCode = 130;

    /// <summary>How long a cancelled command may take to stop (finish the step, write the checkpoint) before the process ends.</summary>
    public static readonly TimeSpan CancellationGrace = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(string[] args, CommandHandlers handlers, CliContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(handlers);
        context ??= CliContext.ForProcess();
        var root = BuildRootCommand(handlers, context);
        bool verbose = args.Contains("--verbose");

        ParseResult result;
        IReadOnlySet<string> configFlags = new HashSet<string>();
        string? configPath = null;
        try
        {
            (result, configFlags, configPath) = Parse(root, args);
        }
        catch (CliUserException e)
        {
            await context.Error.WriteLineAsync($"metasemi: {e.Message}").ConfigureAwait(false);
            return UsageErrorExitCode;
        }

        // --help and --version answer even when the rest of the command line is incomplete or wrong.
        bool helpOrVersion = root.Options.Any(o => o is System.CommandLine.Help.HelpOption or VersionOption && result.GetResult(o) is not null);
        if (result.Errors.Count > 0 && !helpOrVersion)
        {
            var name = result.CommandResult.Command == root ? "metasemi" : $"metasemi {result.CommandResult.Command.Name}";
            foreach (var error in ParseErrorMessages.For(result))
            {
                var fromConfig = configFlags.FirstOrDefault(f => error.StartsWith(f + " ", StringComparison.Ordinal) || error.StartsWith(f + ":", StringComparison.Ordinal));
                var suffix = fromConfig is null ? string.Empty : $" (value from --config '{configPath}')";
                await context.Error.WriteLineAsync($"{name}: {error}{suffix}").ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"Run '{name} --help' for the options.").ConfigureAwait(false);
            return UsageErrorExitCode;
        }

        // --verbose may also come from a --config file.
        verbose |= result.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--verbose") is { } verboseOption
            && result.GetValue(verboseOption);
        try
        {
            // Ctrl+C cancels: the trainer finishes its step and writes a checkpoint, which can take longer than the library's default 2 s grace.
            var invocation = new InvocationConfiguration { Output = context.Output, Error = context.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = CancellationGrace };
            return await result.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("metasemi: cancelled.").ConfigureAwait(false);
            return CancelledExitCode;
        }
#pragma warning disable CA1031 // The tool's last line of defence: every failure becomes one message and an exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await context.Error.WriteLineAsync($"metasemi {result.CommandResult.Command.Name}: {Describe(e)}").ConfigureAwait(false);
            if (verbose)
            {
                await context.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return FailureExitCode;
        }
    }

    public static RootCommand BuildRootCommand(CommandHandlers handlers, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand("metasemi: semi-supervised learning with meta-gradient (MetaSemi, AISTATS 2021) on TorchSharp.");

        var train = new TrainCommand();
        Wire(train.Command, train.Bind, o => o.Verbose, handlers.Train, context);
        var baseline = new TrainBaselineCommand();
        Wire(baseline.Command, baseline.Bind, o => o.Verbose, handlers.TrainBaseline, context);
        var imageNet = new TrainImageNetCommand();
        Wire(imageNet.Command, imageNet.Bind, o => o.Verbose, handlers.TrainImageNet, context);
        var split = new SplitImageNetCommand();
        Wire(split.Command, split.Bind, o => o.Verbose, handlers.SplitImageNet, context);
        var im2rec = new Im2RecCommand();
        Wire(im2rec.Command, im2rec.Bind, o => o.Verbose, handlers.Im2Rec, context);
        var plot = new PlotFeaturesCommand();
        Wire(plot.Command, plot.Bind, o => o.Verbose, handlers.PlotFeatures, context);
        var probe = new LinearProbeCommand();
        Wire(probe.Command, probe.Bind, o => o.Verbose, handlers.LinearProbe, context);
        var evaluate = new EvaluateCommand();
        Wire(evaluate.Command, evaluate.Bind, o => o.Verbose, handlers.Evaluate, context);
        var compare = new CompareCommand();
        Wire(compare.Command, compare.Bind, o => o.Verbose, handlers.Compare, context);
        var metaStep = new MetaStepCommand();
        Wire(metaStep.Command, metaStep.Bind, o => o.Verbose, handlers.MetaStep, context);
        var export = new ExportCommand();
        Wire(export.Command, export.Bind, o => o.Verbose, handlers.Export, context);

        var predict = new PredictCommand();
        Wire(predict.Command, predict.Bind, o => o.Verbose, handlers.Predict, context);
        var checkData = new CheckDataCommand();
        Wire(checkData.Command, checkData.Bind, o => o.Verbose, handlers.CheckData, context);

        foreach (var command in new[] { train.Command, baseline.Command, imageNet.Command, split.Command, im2rec.Command, plot.Command, probe.Command, evaluate.Command, compare.Command, metaStep.Command, export.Command, predict.Command, checkData.Command })
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static (ParseResult Result, IReadOnlySet<string> ConfigFlags, string? ConfigPath) Parse(RootCommand root, string[] args)
    {
        var result = root.Parse(args);
        var command = result.CommandResult.Command;
        var configOption = command.Options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == "--config");
        if (configOption is null || result.GetResult(configOption) is not { Implicit: false } given || given.Errors.Any())
        {
            return (result, new HashSet<string>(), null);
        }

        var path = result.GetValue(configOption)!;
        var (tokens, flags) = ConfigFile.ToTokens(path, command, result);
        return (root.Parse([.. args, .. tokens]), flags, path);
    }

    private static void Wire<TOptions>(Command command, Func<ParseResult, TOptions> bind, Func<TOptions, bool> verbose, ICommandHandler<TOptions> handler, CliContext context)
    {
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = bind(parseResult);
            return handler.RunAsync(options, context with { Verbose = verbose(options) }, cancellationToken);
        });
    }

    private static string Describe(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!message.Contains(inner.Message, StringComparison.Ordinal))
            {
                message += $" ({inner.Message})";
            }
        }

        return message;
    }
}
