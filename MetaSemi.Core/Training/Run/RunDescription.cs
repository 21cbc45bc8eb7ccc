using MetaSemi.Algorithms;

namespace MetaSemi;

/// <summary>
/// The content of the run folder's <c>options.json</c> (<see cref="RunOptionsFile"/>), in the order it is written: the
/// run's identity, the algorithm with its options and description (<see cref="Algorithms.IDescribedAlgorithm"/>),
/// the trainer's options, the schedules, the data's shape and the model's type.
/// </summary>
internal sealed class RunDescription
{
    public string? RunId { get; init; }

    public required string Algorithm { get; init; }

    public required string Method { get; init; }

    public object? AlgorithmOptions { get; init; }

    public required object Options { get; init; }

    public string? MetaOptimizer { get; init; }

    public string? ConsistencyLoss { get; init; }

    public required string LearningRateSchedule { get; init; }

    public string? ConsistencyWeightSchedule { get; init; }

    public int BatchSize { get; init; }

    public int NumClasses { get; init; }

    public string? Model { get; init; }

    /// <summary>The description of the run <paramref name="setup"/> configures, with the run's id.</summary>
    public static RunDescription Of(TrainerSetup setup, string? runId)
    {
        var algorithm = setup.Algorithm;
        var described = (algorithm as IDescribedAlgorithm)?.Describe();
        return new RunDescription
        {
            RunId = runId,
            Algorithm = algorithm.Name,
            Method = described?.Method ?? algorithm.Name,
            AlgorithmOptions = setup.AlgorithmOptions,
            // A schedule object passed to WithSchedule is not what Options.Schedule says: that section is written as
            // null then, and LearningRateSchedule below is the one schedule record.
            Options = setup.ScheduleFromOptions ? setup.Options : RunOptionsFile.Without(setup.Options, nameof(SemiSupervisedTrainerOptions.Schedule)),
            MetaOptimizer = described?.MetaOptimizer,
            ConsistencyLoss = described?.ConsistencyLoss,
            LearningRateSchedule = setup.Schedule.ToString()!,
            ConsistencyWeightSchedule = described?.ConsistencyWeightSchedule,
            BatchSize = setup.Train.BatchSize,
            NumClasses = setup.Train.NumClasses,
            Model = setup.Model.GetType().FullName,
        };
    }
}
