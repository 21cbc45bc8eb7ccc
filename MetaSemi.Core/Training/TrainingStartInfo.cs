namespace MetaSemi;

/// <summary>What a hook learns when a fit starts.</summary>
/// <param name="Algorithm">The algorithm's registry name.</param>
/// <param name="Step">Completed steps (more than 0 for a resumed run).</param>
/// <param name="TotalSteps">The step count the fit runs to.</param>
/// <param name="Device">The device.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Rank">This process's rank (0 alone).</param>
/// <param name="WorldSize">The number of ranks (1 alone).</param>
/// <param name="RunFolder">The run folder, or null.</param>
public sealed record TrainingStartInfo(string Algorithm, long Step, long TotalSteps, string Device, int Seed, int Rank, int WorldSize, string? RunFolder);
