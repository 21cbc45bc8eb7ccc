using MetaSemi.Algorithms;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi meta-step</c>: what the meta step does to a checkpoint's pseudo-labels.</summary>
internal sealed record MetaStepCommandOptions
{
    public string Dataset { get; init; } = ReferenceDefaults.Dataset;
    public string DataPath { get; init; } = ReferenceDefaults.DataPathFor(ReferenceDefaults.Dataset);
    public required string Checkpoint { get; init; }
    public required string LabelIndices { get; init; }
    public string Arch { get; init; } = ReferenceDefaults.Arch;
    public int BatchSize { get; init; } = ReferenceDefaults.BatchSize;
    public int Batches { get; init; } = 20;
    public IReadOnlyList<double> LearningRates { get; init; } = [ReferenceDefaults.LearningRate];
    public double Epsilon { get; init; } = ReferenceDefaults.Epsilon;
    public MetaGradientMethod MetaGradient { get; init; } = MetaGradientMethod.FiniteDifference;
    public int Seed { get; init; } = ReferenceDefaults.Seed;
    public string Device { get; init; } = ReferenceDefaults.Device;
    public bool Verbose { get; init; }
}
