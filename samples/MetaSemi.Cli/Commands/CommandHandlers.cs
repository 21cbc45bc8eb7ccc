namespace MetaSemi.Cli.Commands;

/// <summary>One handler per command, each the real one unless replaced; <see cref="Default"/> is what <c>Program</c> runs.</summary>
internal sealed record CommandHandlers
{
    public ICommandHandler<TrainingCommandOptions> Train { get; init; } = new Running.TrainingHandler();
    public ICommandHandler<TrainingCommandOptions> TrainBaseline { get; init; } = new Running.TrainingHandler();
    public ICommandHandler<TrainImageNetCommandOptions> TrainImageNet { get; init; } = new Running.TrainImageNetHandler();
    public ICommandHandler<SplitImageNetCommandOptions> SplitImageNet { get; init; } = new Running.SplitImageNetHandler();
    public ICommandHandler<Im2RecCommandOptions> Im2Rec { get; init; } = new Running.Im2RecHandler();
    public ICommandHandler<PlotFeaturesCommandOptions> PlotFeatures { get; init; } = new Running.PlotFeaturesHandler();
    public ICommandHandler<LinearProbeCommandOptions> LinearProbe { get; init; } = new Running.LinearProbeHandler();
    public ICommandHandler<EvaluateCommandOptions> Evaluate { get; init; } = new Running.EvaluateHandler();
    public ICommandHandler<CompareCommandOptions> Compare { get; init; } = new Running.CompareHandler();
    public ICommandHandler<MetaStepCommandOptions> MetaStep { get; init; } = new Running.MetaStepHandler();
    public ICommandHandler<ExportCommandOptions> Export { get; init; } = new Running.ExportHandler();
    public ICommandHandler<PredictCommandOptions> Predict { get; init; } = new Running.PredictHandler();
    public ICommandHandler<CheckDataCommandOptions> CheckData { get; init; } = new Running.CheckDataHandler();

    /// <summary>The handlers of this build (tests replace some with recorders).</summary>
    public static CommandHandlers Default { get; } = new();
}
