using MetaSemi.Cli.Commands;
using Spectre.Console;

namespace MetaSemi.Tests.Cli;

/// <summary>Runs <c>metasemi</c> in-process with handlers that record the options they receive.</summary>
internal sealed class CliHarness
{
    public Recorder<TrainingCommandOptions> Train { get; } = new();
    public Recorder<TrainingCommandOptions> TrainBaseline { get; } = new();
    public Recorder<TrainImageNetCommandOptions> TrainImageNet { get; } = new();
    public Recorder<SplitImageNetCommandOptions> SplitImageNet { get; } = new();
    public Recorder<Im2RecCommandOptions> Im2Rec { get; } = new();
    public Recorder<PlotFeaturesCommandOptions> PlotFeatures { get; } = new();
    public Recorder<EvaluateCommandOptions> Evaluate { get; } = new();

    public CommandHandlers Handlers => new()
    {
        Train = Train,
        TrainBaseline = TrainBaseline,
        TrainImageNet = TrainImageNet,
        SplitImageNet = SplitImageNet,
        Im2Rec = Im2Rec,
        PlotFeatures = PlotFeatures,
        Evaluate = Evaluate,
    };

    public static CliResult Run(CommandHandlers handlers, params string[] args) => Run(handlers, CancellationToken.None, args);

    public static CliResult Run(CommandHandlers handlers, CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        int code = CliApplication.RunAsync(args, handlers, new CliContext(console, output, error, Verbose: false), cancellationToken).GetAwaiter().GetResult();
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public CliResult Run(params string[] args) => Run(Handlers, args);
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A handler that keeps the options and context it was called with.</summary>
internal sealed class Recorder<TOptions> : ICommandHandler<TOptions>
    where TOptions : class
{
    public TOptions? Options { get; private set; }

    public CliContext? Context { get; private set; }

    public Func<TOptions, int>? Behaviour { get; set; }

    public Task<int> RunAsync(TOptions options, CliContext context, CancellationToken cancellationToken)
    {
        Options = options;
        Context = context;
        return Task.FromResult(Behaviour?.Invoke(options) ?? 0);
    }
}
