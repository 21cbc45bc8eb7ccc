using System.Globalization;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// Gives memory that glibc's malloc keeps after frees back to the kernel (<c>malloc_trim(0)</c>), so
    /// that a case's peak is not hidden by pages an earlier case left resident. False where unavailable.
    /// </summary>
    public static bool TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return NativeMethods.malloc_trim(0) != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
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

/// <summary>glibc entry points.</summary>
internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    internal static partial int malloc_trim(nuint pad);
}
