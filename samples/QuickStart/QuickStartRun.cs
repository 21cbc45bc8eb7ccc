namespace MetaSemi.QuickStart;

/// <summary>The two methods the quick start compares.</summary>
internal enum QuickStartMethod
{
    SupervisedBaseline,
    MetaSemi,
}

/// <summary>One finished run: its result, wall time and test-accuracy curve.</summary>
internal sealed record QuickStartRun(string Name, TrainingResult Result, double Seconds, IReadOnlyList<(long Step, double Accuracy)> Curve);

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder reports).</summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
