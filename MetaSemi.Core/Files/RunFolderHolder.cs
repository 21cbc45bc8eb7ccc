using System.Globalization;

namespace MetaSemi.Files;

/// <summary>Who holds (or last held) a run folder's lock: the process, its machine, and since when (UTC).</summary>
/// <param name="ProcessId">The holder's process id.</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="Since">When it took the lock.</param>
public sealed record RunFolderHolder(int ProcessId, string Host, DateTimeOffset Since)
{
    /// <summary>"PID 1234 on host, since 2026-12-01 08:49:12 UTC".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"PID {ProcessId} on {Host}, since {Since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");

    /// <summary>The holder file's content: <c>pid=…</c>, <c>host=…</c>, <c>since=…</c> (round-trip time), one per line.</summary>
    internal string Format() =>
        string.Create(CultureInfo.InvariantCulture, $"pid={ProcessId}\nhost={Host}\nsince={Since.UtcDateTime:O}\n");

    /// <summary>Parses <see cref="Format"/>'s text; null when it is not that (a holder file cut short is no holder).</summary>
    internal static RunFolderHolder? Parse(string text)
    {
        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        return fields.TryGetValue("pid", out var pid) && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int id)
            && fields.TryGetValue("host", out var host)
            && fields.TryGetValue("since", out var since) && DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? new RunFolderHolder(id, host, time)
            : null;
    }
}
