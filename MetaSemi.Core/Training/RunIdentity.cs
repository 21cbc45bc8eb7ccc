namespace MetaSemi;

/// <summary>
/// A run's identity (docs/reliability.md, "Run identity"): drawn once when a run starts, written into its
/// <c>options.json</c>, every checkpoint and its model file, so that a checkpoint is only ever continued by its own run.
/// </summary>
public static class RunIdentity
{
    /// <summary>A new run id: 16 lower-case hexadecimal digits of a random GUID.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..16];
}
