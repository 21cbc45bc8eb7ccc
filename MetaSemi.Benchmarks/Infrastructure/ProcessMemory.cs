using System.Globalization;

namespace MetaSemi.Benchmarks;

/// <summary>
/// Resident memory of this process from <c>/proc/self/status</c>: TorchSharp's tensors live in
/// libtorch's native allocations, which the managed MemoryDiagnoser never sees.
/// </summary>
public static class ProcessMemory
{
    /// <summary>Whether the numbers can be read (Linux only).</summary>
    public static bool IsSupported => File.Exists("/proc/self/status");

    /// <summary>Current resident set size (VmRSS) in bytes, or -1 where unsupported.</summary>
    public static long ResidentBytes() => Read("VmRSS:");

    /// <summary>Peak resident set size (VmHWM) since start or the last <see cref="ResetPeak"/>, in bytes, or -1.</summary>
    public static long PeakResidentBytes() => Read("VmHWM:");

    /// <summary>
    /// Resets VmHWM to the current RSS (writing 5 to <c>/proc/self/clear_refs</c>, Linux 4.0+), so the
    /// next peak belongs to the code that runs after. Returns false where the kernel refuses.
    /// </summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Read(string key)
    {
        if (!IsSupported)
        {
            return -1;
        }

        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var kilobytes = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }
}
