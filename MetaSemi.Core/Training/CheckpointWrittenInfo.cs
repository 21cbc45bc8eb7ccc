namespace MetaSemi;

/// <summary>What a hook learns when the trainer has written a checkpoint (<see cref="ITrainingHook.OnCheckpointWritten"/>).</summary>
/// <param name="Path">The checkpoint file.</param>
/// <param name="Step">The completed steps it holds.</param>
/// <param name="IsBest">Whether its step's evaluation is the best so far, so <c>model_best</c> now holds it too.</param>
public sealed record CheckpointWrittenInfo(string Path, long Step, bool IsBest);
