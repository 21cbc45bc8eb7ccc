namespace MetaSemi.Cli.Commands;

/// <summary>One handler per command; <see cref="Default"/> is what <c>Program</c> runs.</summary>
internal sealed record CommandHandlers
{
    public ICommandHandler<TrainCommandOptions> Train { get; init; } = new NotWiredHandler<TrainCommandOptions>("train");
    public ICommandHandler<TrainBaselineCommandOptions> TrainBaseline { get; init; } = new NotWiredHandler<TrainBaselineCommandOptions>("train-baseline");
    public ICommandHandler<TrainImageNetCommandOptions> TrainImageNet { get; init; } = new NotWiredHandler<TrainImageNetCommandOptions>("train-imagenet");
    public ICommandHandler<SplitImageNetCommandOptions> SplitImageNet { get; init; } = new NotWiredHandler<SplitImageNetCommandOptions>("split-imagenet");
    public ICommandHandler<Im2RecCommandOptions> Im2Rec { get; init; } = new NotWiredHandler<Im2RecCommandOptions>("im2rec");
    public ICommandHandler<PlotFeaturesCommandOptions> PlotFeatures { get; init; } = new NotWiredHandler<PlotFeaturesCommandOptions>("plot-features");
    public ICommandHandler<EvaluateCommandOptions> Evaluate { get; init; } = new NotWiredHandler<EvaluateCommandOptions>("evaluate");
    public ICommandHandler<CompareCommandOptions> Compare { get; init; } = new NotWiredHandler<CompareCommandOptions>("compare");
    public ICommandHandler<MetaStepCommandOptions> MetaStep { get; init; } = new NotWiredHandler<MetaStepCommandOptions>("meta-step");
    public ICommandHandler<ExportCommandOptions> Export { get; init; } = new NotWiredHandler<ExportCommandOptions>("export");

    /// <summary>The handlers of this build.</summary>
    public static CommandHandlers Default { get; } = new()
    {
        Train = new Running.TrainHandler(),
        TrainBaseline = new Running.TrainBaselineHandler(),
        PlotFeatures = new Running.PlotFeaturesHandler(),
        Evaluate = new Running.EvaluateHandler(),
        SplitImageNet = new Running.SplitImageNetHandler(),
        Im2Rec = new Running.Im2RecHandler(),
        TrainImageNet = new Running.TrainImageNetHandler(),
        Compare = new Running.CompareHandler(),
        MetaStep = new Running.MetaStepHandler(),
        Export = new Running.ExportHandler(),
    };
}
