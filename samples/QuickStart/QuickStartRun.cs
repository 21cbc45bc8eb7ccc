namespace MetaSemi.QuickStart;

/// <summary>One run (finished, or cancelled: <see cref="TrainingResult.Cancelled"/>): its name, result, wall time and test-accuracy curve.</summary>
internal sealed record QuickStartRun(string Name, TrainingResult Result, double Seconds, IReadOnlyList<(long Step, double Accuracy)> Curve)
{
    /// <summary>Its run folder's name under the output folder.</summary>
    public string Folder { get; init; } = string.Empty;
}

/// <summary>An <see cref="IProgress{T}"/> that calls its handler on the reporting thread.</summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
