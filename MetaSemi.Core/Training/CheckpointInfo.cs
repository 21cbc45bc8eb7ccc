namespace MetaSemi;

/// <summary>
/// The scalar state a checkpoint carries besides the model and the optimizer (docs/design.md §2.5): where the run
/// stands, and what its random sources and data stream will do next.
/// </summary>
/// <param name="Step">Completed steps.</param>
/// <param name="BestAccuracy">Best top-1 so far (NaN before the first evaluation).</param>
/// <param name="BestStep">Step of <paramref name="BestAccuracy"/>.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="StreamPosition">Pairs drawn from the training stream.</param>
/// <param name="ModelBestStep">The step whose weights <c>model_best</c> holds (0 when none was written; format 1 files: unknown, 0).</param>
/// <param name="Algorithm">The algorithm's registry name (null in format 1 files).</param>
/// <param name="RunId">The identity of the run that wrote the checkpoint (docs/reliability.md, "Run identity"; null in files written before runs had one).</param>
/// <param name="Precision">The precision the run trained in (<see cref="MetaSemi.Precision"/>; null in files written before it was recorded).</param>
public sealed record CheckpointInfo(long Step, double BestAccuracy, long BestStep, int Seed, long StreamPosition, long ModelBestStep = 0, string? Algorithm = null, string? RunId = null, Precision? Precision = null);
