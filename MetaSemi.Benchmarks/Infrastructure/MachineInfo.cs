using System.Runtime.InteropServices;
using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>Prints what the report needs about the machine and the libraries, from this process.</summary>
public static class MachineInfo
{
    /// <summary>Writes one commented line per fact.</summary>
    public static void Print(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"// CPU: {CpuModel()}, {Environment.ProcessorCount} logical cores; memory {TotalMemory()}");
        writer.WriteLine($"// OS: {RuntimeInformation.OSDescription}; .NET {Environment.Version}");
        writer.WriteLine($"// TorchSharp {typeof(torch).Assembly.GetName().Version}; libtorch threads {torch.get_num_threads()} intra-op, {torch.get_num_interop_threads()} inter-op; CUDA available: {torch.cuda.is_available()}");
        PrintLoad(writer);
    }

    /// <summary>Writes the load average with the time (the machine may be shared).</summary>
    public static void PrintLoad(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (File.Exists("/proc/loadavg"))
        {
            writer.WriteLine($"// {DateTime.UtcNow:u} load average (1, 5, 15 min): {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}");
        }
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static string TotalMemory() =>
        File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim()
            : "unknown";
}
