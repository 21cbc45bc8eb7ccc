namespace MetaSemi.QuickStart;

/// <summary>The methods the quick start trains, on the same labels, network and step budget.</summary>
internal enum QuickStartMethod
{
    /// <summary>Labelled images only, with mixup between them.</summary>
    Supervised,

    /// <summary>FlexMatch (of the field's methods, the one that bought the most within this budget when measured here).</summary>
    FlexMatch,

    /// <summary>MetaSemi with the finite-difference meta-gradient and mixup (the paper's method).</summary>
    MetaSemi,
}

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
