using System.Diagnostics;
using System.Globalization;

namespace MetaSemi.Files;

/// <summary>
/// Crash points for the reliability tests (docs/reliability.md): with the environment variable
/// <c>METASEMI_FAULT=&lt;file&gt;:&lt;point&gt;[:&lt;n&gt;[:&lt;action&gt;]]</c> the process is killed (SIGKILL, no
/// clean-up of any kind) the <c>n</c>-th time (default 1) it reaches <c>point</c> while writing the run-folder
/// file named <c>file</c> (<c>checkpoint</c>, <c>model_best</c>, <c>label_indices.txt</c>, …); with the action
/// <c>enospc</c> the write fails as on a full disk instead. Points: <c>open</c> (temporary file created, empty),
/// <c>half</c> (half the bytes written), <c>flushed</c> (all on disk, not renamed), <c>renamed</c> (in place).
/// Without the variable every call is a comparison against null.
/// </summary>
internal static class FaultInjection
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "METASEMI_FAULT";

    private static readonly Fault? Configured = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int _reached;

    /// <summary>Marks that <paramref name="point"/> of writing <paramref name="path"/> is reached; kills or fails when it is the configured one.</summary>
    /// <exception cref="IOException">The configured action is <c>enospc</c> (the message is the system's for a full disk).</exception>
    public static void Reach(string path, string point)
    {
        if (Configured is not { } fault || fault.Point != point || fault.File != Path.GetFileName(path))
        {
            return;
        }

        if (Interlocked.Increment(ref _reached) != fault.Occurrence)
        {
            return;
        }

        if (fault.Action == "enospc")
        {
            throw new IOException("No space left on device", 28);
        }

        // As abrupt as kill -9 from outside: no finally blocks, no flushing, no disposal.
        using var self = Process.GetCurrentProcess();
        self.Kill();
        Thread.Sleep(Timeout.Infinite);
    }

    private static Fault? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split(':');
        if (parts.Length is < 2 or > 4 || parts[1] is not ("open" or "half" or "flushed" or "renamed")
            || (parts.Length >= 3 && !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            || (parts.Length == 4 && parts[3] is not ("kill" or "enospc")))
        {
            throw new InvalidOperationException(
                $"{Variable}='{text}': expected <file>:<open|half|flushed|renamed>[:<n>[:kill|enospc]] (a test's crash point).");
        }

        return new Fault(parts[0], parts[1], parts.Length >= 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 1, parts.Length == 4 ? parts[3] : "kill");
    }

    private sealed record Fault(string File, string Point, int Occurrence, string Action);
}
